import "server-only";
import { type Kysely, type Selectable } from "kysely";
import { type Database, inTransaction } from "@/lib/db";
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
 * every chunk write: a holder that lost its lease makes none.
 */
export async function ensureChunks(
  db: Kysely<Database>,
  item: ItemKey,
  size: number,
  chunkBytes: number,
  fence: Fence,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    if (!(await holdPlanRow(trx, item.plan_id, fence))) return;
    await insertChunks(trx, item, size, chunkBytes);
  });
}

/**
 * The plan row, written to (unchanged) when `fence` still holds the lease: the row stays locked to
 * the end of the transaction (SQLite: the whole database), so a takeover, which bumps the epoch on
 * that row, comes after the inserts that follow, never between the check and them. The batched
 * inserts cannot carry the fence in each statement; this makes the transaction one fenced write.
 */
async function holdPlanRow(trx: Kysely<Database>, planId: string, fence: Fence): Promise<boolean> {
  const held = await trx
    .updateTable("plans")
    .set((eb) => ({ lease_epoch: eb.ref("lease_epoch") }))
    .where("id", "=", planId)
    .where(leaseHeld(planId, fence))
    .executeTakeFirst();
  return Number(held.numUpdatedRows) === 1;
}

async function insertChunks(
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
