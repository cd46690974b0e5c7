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

/** The chunk at `idx` of the item, if its row exists. */
export async function getChunk(
  db: Kysely<Database>,
  item: ItemKey,
  idx: number,
): Promise<ChunkRow | undefined> {
  const row = await ofItem(db, item).where("idx", "=", idx).executeTakeFirst();
  return row && normalize(row);
}

/** The indexes of the chunks not yet stored, in order (at most 10 000). */
export async function pendingChunkIndexes(db: Kysely<Database>, item: ItemKey): Promise<number[]> {
  const rows = await pendingOf(db, item).orderBy("idx").execute();
  return rows.map((r) => r.idx);
}

function pendingOf(db: Kysely<Database>, item: ItemKey) {
  return db
    .selectFrom("plan_chunks")
    .select("idx")
    .where("plan_id", "=", item.plan_id)
    .where("archive_id", "=", item.archive_id)
    .where("state", "=", "pending");
}

/**
 * Whether any chunk of the item is still to be stored: asked as each chunk is recorded, so it must
 * not read them all. Chunks run roughly in order, so the last index is the one likely pending: looked
 * at from the end, the first row answers, until only the last few are left.
 */
export async function anyChunkPending(db: Kysely<Database>, item: ItemKey): Promise<boolean> {
  const row = await pendingOf(db, item).orderBy("idx", "desc").limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Every chunk, in order (at most 10 000): for completing the upload and composing the tree hash. */
export async function allChunks(db: Kysely<Database>, item: ItemKey): Promise<ChunkRow[]> {
  return (await ofItem(db, item).orderBy("idx").execute()).map(normalize);
}

/**
 * Claims a pending chunk for one run (`token`): from now on only that run may record it. A later run
 * (the queue's retry of a stalled one) claims it again and the earlier run's writes are refused.
 * False when the chunk is done already, gone, or the plan's fence moved.
 */
export async function claimChunk(
  db: Kysely<Database>,
  chunk: ChunkRow,
  token: string,
  fence: Fence,
): Promise<boolean> {
  const result = await db
    .updateTable("plan_chunks")
    .set({ claim: token, updated_at: new Date().toISOString() })
    .where("plan_id", "=", chunk.plan_id)
    .where("archive_id", "=", chunk.archive_id)
    .where("idx", "=", chunk.idx)
    .where("state", "=", "pending")
    .where(leaseHeld(chunk.plan_id, fence))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Records the claimed chunk stored; false (nothing written) when another run claimed it since. */
export async function markChunkDone(
  db: Kysely<Database>,
  chunk: ChunkRow,
  stored: { etag: string | null; checksumSha256: string | null; treeHash: string },
  claim: ChunkClaim,
): Promise<boolean> {
  return chunkUpdate(db, chunk, claim, {
    state: "done",
    etag: stored.etag,
    checksum_sha256: stored.checksumSha256,
    tree_hash: stored.treeHash,
    error: null,
  });
}

/** Counts a failed attempt at the claimed `chunk`; returns the attempts so far. */
export async function markChunkFailed(
  db: Kysely<Database>,
  chunk: ChunkRow,
  error: string,
  claim: ChunkClaim,
): Promise<number> {
  const tries = chunk.tries + 1;
  await chunkUpdate(db, chunk, claim, { tries, error });
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

/** Who records a chunk: the run that claimed it (its token), within the plan's fence. */
export type ChunkClaim = { token: string; fence: Fence };

/**
 * Like every task's write to a plan's rows, fenced (a cancel in between changes nothing), and only by
 * the run whose claim is still on the pending row. True when the row changed.
 */
async function chunkUpdate(
  db: Kysely<Database>,
  chunk: ChunkRow,
  claim: ChunkClaim,
  changes: Partial<Omit<PlanChunksTable, "plan_id" | "archive_id" | "idx">>,
): Promise<boolean> {
  const result = await db
    .updateTable("plan_chunks")
    .set({ ...changes, updated_at: new Date().toISOString() })
    .where("plan_id", "=", chunk.plan_id)
    .where("archive_id", "=", chunk.archive_id)
    .where("idx", "=", chunk.idx)
    .where("state", "=", "pending")
    .where("claim", "=", claim.token)
    .where(leaseHeld(chunk.plan_id, claim.fence))
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
