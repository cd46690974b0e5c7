import "server-only";
import { type Readable } from "node:stream";
import { AwsOperationError } from "@/lib/aws/errors";
import { getConfig } from "@/lib/config";
import { inTransaction } from "@/lib/db";
import { OutputUnavailableError, type OutputSource, resolveOutput } from "@/lib/jobs";
import { log } from "@/lib/log";
import { composeTreeHash } from "./chunks/layout";
import { streamChunk } from "./chunks/read";
import {
  allChunks,
  type ChunkRow,
  deleteChunks,
  ensureChunks,
  markChunkDone,
  markChunkFailed,
  nextMissingChunk,
} from "./chunks/store";
import { type TickContext } from "./context";
import { DestinationRefusedError, PartsGoneError } from "./destinations/types";
import { itemsIn, type PlanItemRow, updateItem } from "./store";
import { requestAgain } from "./track";

const MAX_COPIES_PER_STEP = 500;
const MIB = 1024 * 1024;
/** A chunk that fails this many times fails its item (with the last reason); fewer are retried. */
export const MAX_CHUNK_TRIES = 3;
/** A chunk may take this long, or longer at the slowest rate worth waiting for (256 KB/s). */
const MIN_CHUNK_TIMEOUT_MS = 60_000;
const SLOWEST_BYTES_PER_MS = 256;

function message(error: unknown): string {
  if (error instanceof AwsOperationError) return `${error.failure.code}: ${error.failure.message}`;
  return error instanceof Error ? error.message : String(error);
}

const now = () => new Date().toISOString();

/**
 * The item fails; its chunk rows go, and then its unfinished upload or temporary file (only if this
 * holder still changed the item: one that lost its lease leaves them to the new holder).
 */
async function fail(ctx: TickContext, item: PlanItemRow, problem: string): Promise<void> {
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

/** The bound on one chunk's read and write: the step's signal, and a time that grows with its size. */
function chunkSignal(ctx: TickContext, bytes: number): AbortSignal {
  return AbortSignal.any([ctx.signal, AbortSignal.timeout(chunkTimeoutMs(ctx, bytes))]);
}

function chunkTimeoutMs(ctx: TickContext, bytes: number): number {
  return ctx.options.chunkTimeoutMs ?? Math.max(MIN_CHUNK_TIMEOUT_MS, bytes / SLOWEST_BYTES_PER_MS);
}

/**
 * The destination's handle of the item's copy (the S3 upload id), and its chunk rows. A copy with a
 * handle resumes where its chunks say; one without starts over: rows left by an earlier attempt
 * (cancelled, retried) describe parts of an upload that no longer exists.
 */
async function started(ctx: TickContext, item: PlanItemRow, size: number): Promise<string> {
  const { db, destination } = ctx;
  const settings = {
    floorBytes: ctx.options.chunkFloorBytes ?? getConfig().plans.chunkMiB * MIB,
    s3Limits: ctx.options.s3Limits,
  };
  let handle = item.upload_id;
  if (handle === null) {
    await deleteChunks(db, item, ctx.plan.lease_epoch);
    handle = await destination.begin(item.object_key, size, chunkSignal(ctx, 0));
    if (!(await updateItem(db, item, { upload_id: handle }, ["copying"], ctx.plan.lease_epoch))) {
      await destination.discard(item.object_key, handle).catch(() => undefined);
      throw new Error("the item changed while its copy started");
    }
  }
  await ensureChunks(db, item, size, destination.chunkBytesFor(size, settings), ctx.plan.lease_epoch);
  return handle;
}

/** The chunk's record was refused: another holder took the plan's lease, and this copy stops. */
class LeaseLostError extends Error {
  constructor() {
    super("the plan's lease was taken over; the chunk is left to the new holder");
    this.name = "LeaseLostError";
  }
}

/**
 * One chunk: ranged GetJobOutput streamed into one part (S3 checks its SHA-256, sent as a trailer)
 * or one file region, its tree hash checked against Glacier's for the range once it passed, then
 * recorded done. A chunk that fails is recorded nothing: a retry writes the same part again.
 */
async function copyChunk(
  ctx: TickContext,
  item: PlanItemRow,
  source: OutputSource,
  handle: string,
  chunk: ChunkRow,
): Promise<void> {
  const bytes = chunk.range_end - chunk.range_start + 1;
  const signal = chunkSignal(ctx, bytes);
  let body: Readable | undefined;
  try {
    const read = await streamChunk(source, chunk, signal);
    body = read.body;
    const stored = await ctx.destination.writePart(
      item.object_key,
      handle,
      { partNumber: chunk.part_number, offset: chunk.range_start, length: bytes, body: read.body },
      signal,
    );
    const digests = await read.digests;
    if (stored.sha256 !== null && stored.sha256 !== digests.sha256)
      throw new Error(`the destination stored SHA-256 ${stored.sha256}, the chunk's is ${digests.sha256}`);
    const recorded = await markChunkDone(
      ctx.db,
      chunk,
      { etag: stored.etag, checksumSha256: digests.sha256, treeHash: digests.treeHash },
      ctx.plan.lease_epoch,
    );
    if (!recorded) throw new LeaseLostError();
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

/** Every chunk is stored: their tree hashes must compose to the archive's before the object exists. */
async function complete(ctx: TickContext, item: PlanItemRow, handle: string, size: number): Promise<void> {
  const { db, destination } = ctx;
  const chunks = await allChunks(db, item);
  const composed = composeTreeHash(chunks.map((c) => c.tree_hash ?? ""));
  if (composed !== item.tree_hash.toLowerCase()) {
    await fail(
      ctx,
      item,
      `The copied bytes hash to ${composed}, not the archive's tree hash ${item.tree_hash}.`,
    );
    return;
  }
  const parts = chunks.map((c) => ({ partNumber: c.part_number, etag: c.etag, sha256: c.checksum_sha256 }));
  await destination.finish(item.object_key, handle, parts, size, chunkSignal(ctx, 0));
  const readBack = ctx.options.readBack ?? getConfig().plans.readBack;
  await inTransaction(db, async (trx) => {
    const changes = readBack
      ? ({ status: "copied", copied_at: now(), upload_id: null } as const)
      : ({ status: "verified", copied_at: now(), verified_at: now(), upload_id: null, error: null } as const);
    if (await updateItem(trx, item, changes, ["copying"], ctx.plan.lease_epoch))
      await deleteChunks(trx, item, ctx.plan.lease_epoch);
  });
  if (readBack) await verifyCopied(ctx, { ...item, status: "copied", upload_id: null });
}

/** The cautious plan's second transfer: what the destination holds is read back and hashed. */
async function verifyCopied(ctx: TickContext, item: PlanItemRow): Promise<void> {
  const read = await ctx.destination.verify(item.object_key, Number(item.size), item.tree_hash);
  if (!read.ok) await fail(ctx, item, `Read back from the destination: ${read.problem}.`);
  else
    await updateItem(
      ctx.db,
      item,
      { status: "verified", verified_at: now(), error: null },
      ["copied"],
      ctx.plan.lease_epoch,
    );
}

/** The upload or the temporary file is gone, and the stored parts with it: the copy starts over. */
async function startOver(ctx: TickContext, item: PlanItemRow): Promise<void> {
  const error = "What was stored of the copy is gone (upload aborted or file removed); starting over.";
  await inTransaction(ctx.db, async (trx) => {
    if (await updateItem(trx, item, { upload_id: null, error }, ["copying"], ctx.plan.lease_epoch))
      await deleteChunks(trx, item, ctx.plan.lease_epoch);
  });
}

/** A chunk that failed: retried by a later step, or after MAX_CHUNK_TRIES the item fails saying why. */
async function chunkFailed(
  ctx: TickContext,
  item: PlanItemRow,
  chunk: ChunkRow,
  error: unknown,
): Promise<boolean> {
  const problem = message(error);
  if (error instanceof PartsGoneError) {
    await startOver(ctx, item);
    return false;
  }
  const tries = await markChunkFailed(ctx.db, chunk, problem, ctx.plan.lease_epoch);
  const where = `bytes ${chunk.range_start}–${chunk.range_end} (part ${chunk.part_number})`;
  log().warn(
    { planId: item.plan_id, archiveId: item.archive_id, where, tries, detail: problem },
    "chunk failed",
  );
  if (tries < MAX_CHUNK_TRIES) {
    await updateItem(
      ctx.db,
      item,
      { error: `Copy of ${where} failed, will retry: ${problem}` },
      ["copying"],
      ctx.plan.lease_epoch,
    );
    return false;
  }
  await fail(ctx, item, `Copy of ${where} failed ${tries} times: ${problem}`);
  return true;
}

/**
 * Copies an item's missing chunks, in order, until none is left (then completes it) or the step's
 * deadline passes (then the item stays `copying` and a later step, or another process, resumes at
 * its first missing chunk). At least one chunk per step, so a copy always moves. True when the item
 * settled (verified, failed, or requested again).
 */
export async function copyItem(ctx: TickContext, item: PlanItemRow, deadline: number): Promise<boolean> {
  const { db, signal } = ctx;
  if (item.status === "copied") {
    await verifyCopied(ctx, item);
    return true;
  }
  if (
    item.status === "requested" &&
    !(await updateItem(db, item, { status: "copying" }, ["requested"], ctx.plan.lease_epoch))
  )
    return false;
  const size = Number(item.size);
  let current: PlanItemRow = { ...item, status: "copying" };
  try {
    const source = await resolveOutput(ctx.target, item.glacier_job_id ?? "", { db });
    const handle = await started(ctx, current, size);
    current = { ...current, upload_id: handle };
    for (let first = true; ; first = false) {
      const chunk = await nextMissingChunk(db, item);
      if (!chunk) break;
      if (signal.aborted || (!first && Date.now() >= deadline)) return false;
      try {
        await copyChunk(ctx, current, source, handle, chunk);
      } catch (error) {
        if (signal.aborted || error instanceof OutputUnavailableError) throw error;
        // Another holder drives the plan now: this one records nothing more of the item.
        if (error instanceof LeaseLostError) return false;
        return await chunkFailed(ctx, current, chunk, error);
      }
    }
    await complete(ctx, current, handle, size);
    return true;
  } catch (error) {
    // Stopped mid-copy: left `copying` with its chunks, so whoever drives the plan next resumes it.
    if (signal.aborted) return false;
    if (error instanceof OutputUnavailableError && error.status === 410) {
      // The stored chunks and the upload stay: the new job's output resumes at the first missing one.
      await requestAgain(ctx, current, "The output expired before it was copied; requested again.");
      return true;
    }
    if (error instanceof PartsGoneError) {
      await startOver(ctx, current);
      return false;
    }
    // Thaw has no record of the job, or the destination cannot hold the archive: retrying cannot help.
    if (error instanceof DestinationRefusedError) {
      await fail(ctx, current, error.message);
      return true;
    }
    if (error instanceof OutputUnavailableError && error.status === 404) {
      await fail(ctx, current, error.message);
      return true;
    }
    log().warn(
      { planId: item.plan_id, archiveId: item.archive_id, detail: message(error) },
      "copy interrupted; will resume",
    );
    await updateItem(
      db,
      current,
      { error: `Copy interrupted, will resume: ${message(error)}` },
      ["copying"],
      ctx.plan.lease_epoch,
    );
    return false;
  }
}

/**
 * Outputs to copy, at most `limit`: first the copies already under way (a crashed or stopped holder's
 * included: they resume at their first missing chunk), then finished outputs not yet begun. Items in
 * `busy` (being copied in this process) are left out.
 */
export async function copyCandidates(
  ctx: TickContext,
  busy: ReadonlySet<string>,
  limit: number,
): Promise<PlanItemRow[]> {
  if (limit <= 0) return [];
  const { db, plan } = ctx;
  const skip = (rows: PlanItemRow[]) => rows.filter((row) => !busy.has(row.archive_id));
  const resuming = skip(
    await itemsIn(db, plan.id, ["copying", "copied"])
      .limit(Math.min(MAX_COPIES_PER_STEP, limit + busy.size))
      .execute(),
  );
  if (resuming.length >= limit) return resuming.slice(0, limit);
  const ready = skip(
    await itemsIn(db, plan.id, ["requested"])
      .where("job_completed_at", "is not", null)
      .where("glacier_job_id", "is not", null)
      .limit(Math.min(MAX_COPIES_PER_STEP, limit + busy.size))
      .execute(),
  );
  return [...resuming, ...ready].slice(0, limit);
}

/** How long one turn of a copy may go on starting chunks (a later step resumes it). */
export function copyBudgetMs(ctx: TickContext): number {
  return ctx.options.copyBudgetMs ?? getConfig().plans.copyBudgetMs;
}
