import "server-only";
import { type Kysely, type Selectable, sql } from "kysely";
import { type Database } from "@/lib/db";
import { type PlanChunksTable } from "@/lib/db/schema";
import { type Fence, leaseHeld } from "../store";
import { chunkRanges } from "./layout";

/** The `plan_chunks` rows of one item (lib/plans owns the table; see migration 0007). */

export type ChunkRow = Selectable<PlanChunksTable>;
type ItemKey = { plan_id: string; archive_id: string };

/** Rows inserted per statement: well under SQLite's 32 766 bound variables at 10 columns each. */
const INSERT_BATCH = 500;

function ofItem(db: Kysely<Database>, item: ItemKey) {
  return db
    .selectFrom("plan_chunks")
    .selectAll()
    .where("plan_id", "=", item.plan_id)
    .where("archive_id", "=", item.archive_id);
}

/**
 * The item's chunk rows, made now if it has none (the copy's first step). Existing rows keep their
 * layout whatever `chunkBytes` says now: the done ones describe what is already stored. Fenced like
 * every chunk write, in each statement: a holder that lost its lease makes none.
 */
export async function ensureChunks(
  db: Kysely<Database>,
  item: ItemKey,
  size: number,
  chunkBytes: number,
  fence: Fence,
): Promise<void> {
  const any = await ofItem(db, item).select("idx").limit(1).executeTakeFirst();
  if (any) return;
  const now = new Date().toISOString();
  const ranges = chunkRanges(size, chunkBytes);
  for (let i = 0; i < ranges.length; i += INSERT_BATCH) {
    // INSERT … SELECT from the batch's VALUES where the lease is held (casts: PostgreSQL types the
    // VALUES' parameters as text otherwise; SQLite's upsert after a SELECT needs its WHERE).
    const rows = ranges.slice(i, i + INSERT_BATCH).map(
      (r) =>
        sql`(${item.plan_id}, ${item.archive_id}, cast(${r.idx} as integer), cast(${r.start} as bigint),
          cast(${r.end} as bigint), cast(${r.partNumber} as integer), 'pending', 0, ${now})`,
    );
    await sql`insert into plan_chunks
        (plan_id, archive_id, idx, range_start, range_end, part_number, state, tries, updated_at)
      select * from (values ${sql.join(rows)}) as batch
      where ${leaseHeld(item.plan_id, fence)}
      on conflict do nothing`.execute(db);
  }
}

/** The first chunk not yet stored, or undefined when all are. */
export async function nextMissingChunk(db: Kysely<Database>, item: ItemKey): Promise<ChunkRow | undefined> {
  const row = await ofItem(db, item)
    .where("state", "=", "pending")
    .orderBy("idx")
    .limit(1)
    .executeTakeFirst();
  return row && normalize(row);
}

/** Every chunk, in order (at most 10 000): for completing the upload and composing the tree hash. */
export async function allChunks(db: Kysely<Database>, item: ItemKey): Promise<ChunkRow[]> {
  return (await ofItem(db, item).orderBy("idx").execute()).map(normalize);
}

export async function markChunkDone(
  db: Kysely<Database>,
  chunk: ChunkRow,
  stored: { etag: string | null; checksumSha256: string; treeHash: string },
  fence: Fence,
): Promise<boolean> {
  return chunkUpdate(db, chunk, fence, {
    state: "done",
    etag: stored.etag,
    checksum_sha256: stored.checksumSha256,
    tree_hash: stored.treeHash,
    error: null,
  });
}

/** Counts a failed attempt at `chunk`; returns the attempts so far. */
export async function markChunkFailed(
  db: Kysely<Database>,
  chunk: ChunkRow,
  error: string,
  fence: Fence,
): Promise<number> {
  const tries = chunk.tries + 1;
  await chunkUpdate(db, chunk, fence, { tries, error });
  return tries;
}

/** Forgets the item's chunks (copy finished, failed, or its upload is gone and it starts over). */
export async function deleteChunks(db: Kysely<Database>, item: ItemKey, fence: Fence): Promise<void> {
  await db
    .deleteFrom("plan_chunks")
    .where("plan_id", "=", item.plan_id)
    .where("archive_id", "=", item.archive_id)
    .where(leaseHeld(item.plan_id, fence))
    .execute();
}

/**
 * Like every worker write to a plan's rows, fenced: a holder that lost its lease changes nothing.
 * True when the row changed.
 */
async function chunkUpdate(
  db: Kysely<Database>,
  chunk: ChunkRow,
  fence: Fence,
  changes: Partial<Omit<PlanChunksTable, "plan_id" | "archive_id" | "idx">>,
): Promise<boolean> {
  const result = await db
    .updateTable("plan_chunks")
    .set({ ...changes, updated_at: new Date().toISOString() })
    .where("plan_id", "=", chunk.plan_id)
    .where("archive_id", "=", chunk.archive_id)
    .where("idx", "=", chunk.idx)
    .where(leaseHeld(chunk.plan_id, fence))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** PostgreSQL returns bigint as text. */
function normalize(row: ChunkRow): ChunkRow {
  return { ...row, range_start: Number(row.range_start), range_end: Number(row.range_end) };
}

/** A cancelled plan's chunk rows: its copies will never resume (a person's control, not fenced). */
export async function deletePlanChunks(db: Kysely<Database>, planId: string): Promise<void> {
  await db.deleteFrom("plan_chunks").where("plan_id", "=", planId).execute();
}
