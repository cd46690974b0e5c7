import "server-only";
import { type Kysely, type Selectable } from "kysely";
import { type Database } from "@/lib/db";
import { type PlanChunksTable } from "@/lib/db/schema";
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
 * layout whatever `chunkBytes` says now: the done ones describe what is already stored.
 */
export async function ensureChunks(
  db: Kysely<Database>,
  item: ItemKey,
  size: number,
  chunkBytes: number,
): Promise<void> {
  const any = await ofItem(db, item).select("idx").limit(1).executeTakeFirst();
  if (any) return;
  const now = new Date().toISOString();
  const rows = chunkRanges(size, chunkBytes).map((r) => ({
    plan_id: item.plan_id,
    archive_id: item.archive_id,
    idx: r.idx,
    range_start: r.start,
    range_end: r.end,
    part_number: r.partNumber,
    state: "pending" as const,
    tries: 0,
    updated_at: now,
  }));
  for (let i = 0; i < rows.length; i += INSERT_BATCH)
    await db
      .insertInto("plan_chunks")
      .values(rows.slice(i, i + INSERT_BATCH))
      .onConflict((oc) => oc.doNothing())
      .execute();
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
): Promise<void> {
  await chunkUpdate(db, chunk, {
    state: "done",
    etag: stored.etag,
    checksum_sha256: stored.checksumSha256,
    tree_hash: stored.treeHash,
    error: null,
  });
}

/** Counts a failed attempt at `chunk`; returns the attempts so far. */
export async function markChunkFailed(db: Kysely<Database>, chunk: ChunkRow, error: string): Promise<number> {
  const tries = chunk.tries + 1;
  await chunkUpdate(db, chunk, { tries, error });
  return tries;
}

/** Forgets the item's chunks (copy finished, failed, or its upload is gone and it starts over). */
export async function deleteChunks(db: Kysely<Database>, item: ItemKey): Promise<void> {
  await db
    .deleteFrom("plan_chunks")
    .where("plan_id", "=", item.plan_id)
    .where("archive_id", "=", item.archive_id)
    .execute();
}

async function chunkUpdate(
  db: Kysely<Database>,
  chunk: ChunkRow,
  changes: Partial<Omit<PlanChunksTable, "plan_id" | "archive_id" | "idx">>,
): Promise<void> {
  await db
    .updateTable("plan_chunks")
    .set({ ...changes, updated_at: new Date().toISOString() })
    .where("plan_id", "=", chunk.plan_id)
    .where("archive_id", "=", chunk.archive_id)
    .where("idx", "=", chunk.idx)
    .execute();
}

/** PostgreSQL returns bigint as text. */
function normalize(row: ChunkRow): ChunkRow {
  return { ...row, range_start: Number(row.range_start), range_end: Number(row.range_end) };
}

/** A cancelled plan's chunk rows: its copies will never resume (a person's control, not fenced). */
export async function deletePlanChunks(db: Kysely<Database>, planId: string): Promise<void> {
  await db.deleteFrom("plan_chunks").where("plan_id", "=", planId).execute();
}
