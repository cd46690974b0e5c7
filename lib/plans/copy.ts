import "server-only";
import { randomUUID } from "node:crypto";
import { type Readable } from "node:stream";
import { AwsOperationError } from "@/lib/aws/errors";
import { inTransaction } from "@/lib/db";
import { OutputUnavailableError, type OutputSource, resolveOutput } from "@/lib/jobs";
import { log } from "@/lib/log";
import { type TaskContext } from "@/lib/tasks";
import { streamChunk } from "./chunks/read";
import {
  anyChunkPending,
  type ChunkClaim,
  type ChunkRow,
  claimChunk,
  deleteChunks,
  getChunk,
  markChunkDone,
  markChunkFailed,
} from "./chunks/store";
import { openPlanContext, type TickContext, type TickOptions } from "./context";
import { DestinationFullError, DestinationRefusedError, PartsGoneError } from "./destinations/types";
import { type ChunkTaskPayload, enqueueFinish } from "./schedule";
import { getItemRow, type PlanItemRow, updateItem } from "./store";
import { requestAgain } from "./track";

/** A chunk that fails this many times fails its item (with the last reason); fewer are retried. */
export const MAX_CHUNK_TRIES = 3;
/** A chunk may take this long, or longer at the slowest rate worth waiting for (256 KB/s). */
const MIN_CHUNK_TIMEOUT_MS = 60_000;
const SLOWEST_BYTES_PER_MS = 256;

export function message(error: unknown): string {
  if (error instanceof AwsOperationError) return `${error.failure.code}: ${error.failure.message}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * The item fails; its chunk rows go, and then its unfinished upload or temporary file (only if this
 * task still changed the item: after a cancel, the cancel settled it).
 */
export async function failCopy(ctx: TickContext, item: PlanItemRow, problem: string): Promise<void> {
  const changed = await inTransaction(ctx.db, async (trx) => {
    const moved = await updateItem(
      trx,
      item,
      { status: "failed", error: problem, upload_id: null },
      ["copying", "copied"],
      ctx.plan.lease_epoch,
    );
    if (moved) await deleteChunks(trx, item, ctx.plan.lease_epoch);
    return moved;
  });
  if (changed) await ctx.destination.discard(item.object_key, item.upload_id).catch(() => undefined);
}

/** The bound on one call of a copy: the task's signal, and a time that grows with the bytes. */
export function copySignal(ctx: TickContext, bytes: number): AbortSignal {
  return AbortSignal.any([ctx.signal, timeBound(ctx, bytes)]);
}

/**
 * Only the time bound, for a call a stop must not cut once sent (a completion: the server goes on
 * with it whether or not the answer is read, and the next run could only ask what happened).
 */
export function timeBound(ctx: TickContext, bytes: number): AbortSignal {
  return AbortSignal.timeout(chunkTimeoutMs(ctx, bytes));
}

function chunkTimeoutMs(ctx: TickContext, bytes: number): number {
  return ctx.options.chunkTimeoutMs ?? Math.max(MIN_CHUNK_TIMEOUT_MS, bytes / SLOWEST_BYTES_PER_MS);
}

/**
 * The upload or the temporary file is gone, and the stored parts with it: the copy starts over (the
 * next plan-initiate step begins a new upload for an item `copying` without one).
 */
export async function startOver(ctx: TickContext, item: PlanItemRow): Promise<void> {
  const error = "What was stored of the copy is gone (upload aborted or file removed); starting over.";
  await inTransaction(ctx.db, async (trx) => {
    if (await updateItem(trx, item, { upload_id: null, error }, ["copying"], ctx.plan.lease_epoch))
      await deleteChunks(trx, item, ctx.plan.lease_epoch);
  });
}

/** Another run claimed the chunk since this one did (the queue retried a stalled run): it stops. */
class ClaimLostError extends Error {
  constructor() {
    super("another run claimed the chunk; this one records nothing");
    this.name = "ClaimLostError";
  }
}

/**
 * One chunk: ranged GetJobOutput streamed into one part (S3 checks its SHA-256, sent as a trailer)
 * or one file region, its tree hash checked against Glacier's for the range once it passed, then
 * recorded done by the run that claimed it. A chunk that fails is recorded nothing: a retry writes the
 * same part again (the same bytes: a late write of a stale run changes nothing either).
 */
async function copyChunk(
  ctx: TickContext,
  item: PlanItemRow,
  source: OutputSource,
  chunk: ChunkRow,
  claim: ChunkClaim,
): Promise<void> {
  const bytes = chunk.range_end - chunk.range_start + 1;
  const signal = copySignal(ctx, bytes);
  let body: Readable | undefined;
  try {
    const read = await streamChunk(source, chunk, signal);
    body = read.body;
    const stored = await ctx.destination.writePart(
      item.object_key,
      item.upload_id ?? "",
      { partNumber: chunk.part_number, offset: chunk.range_start, length: bytes, body: read.body },
      signal,
    );
    const digests = await read.digests;
    const fields = { etag: stored.etag, checksumSha256: stored.sha256, treeHash: digests.treeHash };
    if (!(await recordDone(ctx, item, chunk, fields, claim))) throw new ClaimLostError();
  } catch (error) {
    // Whatever the call said of it (an AbortError mostly), the chunk's own time bound ended it.
    if (signal.aborted && !ctx.signal.aborted)
      throw new Error(`no answer within ${Math.round(chunkTimeoutMs(ctx, bytes) / 1000)} s`);
    throw error;
  } finally {
    // The output's connection goes with a chunk that stopped halfway.
    body?.destroy();
  }
}

/**
 * Records the chunk done and, when it was the item's last, enqueues the item's copy-finish, in one
 * transaction that first locks the item's row: of two runs storing the last two chunks at once, the
 * second to commit sees none pending, so the finish is enqueued once.
 */
async function recordDone(
  ctx: TickContext,
  item: PlanItemRow,
  chunk: ChunkRow,
  fields: Parameters<typeof markChunkDone>[2],
  claim: ChunkClaim,
): Promise<boolean> {
  try {
    return await inTransaction(ctx.db, async (trx) => {
      if (!(await updateItem(trx, item, {}, ["copying"], claim.fence))) return false;
      // Thrown, not returned: the item's touch above is rolled back with it.
      if (!(await markChunkDone(trx, chunk, fields, claim))) throw new ClaimLostError();
      if (!(await anyChunkPending(trx, item))) await enqueueFinish(item, trx);
      return true;
    });
  } catch (error) {
    if (error instanceof ClaimLostError) return false;
    throw error;
  }
}

/**
 * A chunk that failed: thrown again for the queue to retry (with backoff), or after MAX_CHUNK_TRIES
 * the item fails saying why.
 */
async function chunkFailed(
  ctx: TickContext,
  item: PlanItemRow,
  chunk: ChunkRow,
  claim: ChunkClaim,
  error: unknown,
): Promise<void> {
  const problem = message(error);
  const tries = await markChunkFailed(ctx.db, chunk, problem, claim);
  const where = `bytes ${chunk.range_start}–${chunk.range_end} (part ${chunk.part_number})`;
  log().warn(
    { planId: item.plan_id, archiveId: item.archive_id, where, tries, detail: problem },
    "chunk failed",
  );
  // A full disk is said as the screen says it: what to do is the same whichever chunk met it.
  if (tries >= MAX_CHUNK_TRIES && error instanceof DestinationFullError) return failCopy(ctx, item, problem);
  if (tries >= MAX_CHUNK_TRIES)
    return failCopy(ctx, item, `Copy of ${where} failed ${tries} times: ${problem}`);
  const note = { error: `Copy of ${where} failed, will retry: ${problem}` };
  await updateItem(ctx.db, item, note, ["copying"], ctx.plan.lease_epoch);
  throw error;
}

/** How often a chunk's run tells the queue it is alive (well within any heartbeat's limit). */
const HEARTBEAT_EVERY_MS = 5_000;

/**
 * The `copy-chunk` task: one chunk of one item's copy, on any replica. Idempotent: a chunk already
 * stored, an item no longer copying (cancelled, failed, requested again) or a plan no longer driven
 * makes it a no-op; a run the queue retries after a crash redoes this chunk only, never a retrieval.
 */
export async function runCopyChunk(
  payload: ChunkTaskPayload,
  task: Pick<TaskContext, "signal" | "heartbeat" | "taskId" | "attempt">,
  options: TickOptions,
): Promise<void> {
  const ctx = await openPlanContext(payload.planId, options, task.signal);
  if (!ctx) return;
  const item = await getItemRow(ctx.db, payload.planId, payload.seq);
  if (!item || item.status !== "copying" || item.upload_id === null) return;
  const chunk = await getChunk(ctx.db, item, payload.idx);
  if (!chunk || chunk.state === "done") return;
  const claim = {
    token: `${task.taskId}:${task.attempt}:${randomUUID().slice(0, 8)}`,
    fence: ctx.plan.lease_epoch,
  };
  if (!(await claimChunk(ctx.db, chunk, claim.token, claim.fence))) return;
  const beat = setInterval(() => void task.heartbeat().catch(() => undefined), HEARTBEAT_EVERY_MS);
  try {
    const source = await resolveOutput(ctx.target, item.glacier_job_id ?? "", { db: ctx.db });
    await copyChunk(ctx, item, source, chunk, claim);
    log().info(
      { planId: item.plan_id, archiveId: item.archive_id, idx: chunk.idx, pid: process.pid },
      "chunk copied",
    );
  } catch (error) {
    await settleFailure(ctx, item, chunk, claim, error);
  } finally {
    clearInterval(beat);
  }
}

/** What a chunk's failure means: for the item (fail, request again, start over) or a retry. */
async function settleFailure(
  ctx: TickContext,
  item: PlanItemRow,
  chunk: ChunkRow,
  claim: ChunkClaim,
  error: unknown,
): Promise<void> {
  // Stopped (the process shuts down, the drain's time ran out): the queue runs the chunk again.
  if (ctx.signal.aborted) throw error;
  if (error instanceof ClaimLostError) return;
  if (error instanceof OutputUnavailableError && error.status === 410)
    // The stored chunks and the upload stay: the new job's output resumes at the first missing one.
    return requestAgain(ctx, item, "The output expired before it was copied; requested again.");
  if (error instanceof PartsGoneError) return startOver(ctx, item);
  // Thaw has no record of the job, or the destination cannot hold the archive: retrying cannot help.
  if (error instanceof DestinationRefusedError) return failCopy(ctx, item, error.message);
  if (error instanceof OutputUnavailableError && error.status === 404)
    return failCopy(ctx, item, error.message);
  return chunkFailed(ctx, item, chunk, claim, error);
}
