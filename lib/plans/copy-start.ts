import "server-only";
import { getConfig } from "@/lib/config";
import { inTransaction } from "@/lib/db";
import { log } from "@/lib/log";
import { deleteChunks, ensureChunks, pendingChunkIndexes } from "./chunks/store";
import { type TickContext } from "./context";
import { copySignal, failCopy, message } from "./copy";
import { DestinationRefusedError } from "./destinations/types";
import { enqueueChunks, enqueueFinish } from "./schedule";
import { countItems, getItemRow, itemsIn, type PlanItemRow, updateItem } from "./store";

const MIB = 1024 * 1024;

/**
 * Starts one item's copy: its upload begun (unless one is kept from an earlier output), then in one
 * transaction the item `copying` with the upload's handle, its chunk rows, and a copy-chunk task per
 * chunk not yet stored (or, none being left, its copy-finish). The tasks run on any replica.
 */
async function startCopy(ctx: TickContext, item: PlanItemRow): Promise<void> {
  const { db, destination } = ctx;
  const fence = ctx.plan.lease_epoch;
  const size = Number(item.size);
  const settings = {
    floorBytes: ctx.options.chunkFloorBytes ?? getConfig().plans.chunkMiB * MIB,
    s3Limits: ctx.options.s3Limits,
  };
  let handle = item.upload_id;
  let began = false;
  try {
    const chunkBytes = destination.chunkBytesFor(size, settings);
    if (handle === null) {
      handle = await destination.begin(item.object_key, size, copySignal(ctx, 0));
      began = true;
    }
    const upload = handle;
    const started = await inTransaction(db, async (trx) => {
      // The item's row locked, then checked unchanged: two overlapping steps never both start it.
      if (!(await updateItem(trx, item, {}, [item.status], fence))) return false;
      const current = await getItemRow(trx, item.plan_id, item.seq);
      if (current?.upload_id !== item.upload_id) return false;
      if (!(await updateItem(trx, item, { status: "copying", upload_id: upload }, [item.status], fence)))
        return false;
      // Rows left by an earlier attempt (cancelled, retried) describe parts of an upload that is gone.
      if (began) await deleteChunks(trx, item, fence);
      await ensureChunks(trx, item, size, chunkBytes, fence);
      const pending = await pendingChunkIndexes(trx, item);
      if (pending.length === 0) await enqueueFinish(item, trx);
      else await enqueueChunks(item, pending, trx);
      return true;
    });
    if (!started && began) await destination.discard(item.object_key, upload).catch(() => undefined);
  } catch (error) {
    if (error instanceof DestinationRefusedError) {
      if (item.status === "requested")
        await updateItem(db, item, { status: "copying" }, ["requested"], fence);
      return failCopy(ctx, { ...item, status: "copying" }, error.message);
    }
    log().warn(
      { planId: item.plan_id, archiveId: item.archive_id, detail: message(error) },
      "copy not started",
    );
    await updateItem(
      db,
      item,
      { error: `Copy not started, will retry: ${message(error)}` },
      undefined,
      fence,
    );
    if (began && handle !== null) await destination.discard(item.object_key, handle).catch(() => undefined);
  }
}

/** A copy with no chunk stored for this long has lost its tasks (see resumeStalled). */
export const COPY_STALL_MS = 2 * 60 * 60_000;

/**
 * The queue retries a chunk whose run died; this is the net under it: a copy none of whose chunks was
 * stored for `copyStallMs` (every stored chunk touches the item) has its pending chunks enqueued
 * again (a parked task, a queue that lost its rows). A chunk still being read by a slow run is at
 * worst read twice; the claim keeps one record.
 */
async function resumeStalled(ctx: TickContext, most: number): Promise<void> {
  const since = new Date(ctx.now.getTime() - (ctx.options.copyStallMs ?? COPY_STALL_MS)).toISOString();
  const stalled = await itemsIn(ctx.db, ctx.plan.id, ["copying"])
    .where("upload_id", "is not", null)
    .where("updated_at", "<=", since)
    .limit(most)
    .execute();
  for (const item of stalled)
    await inTransaction(ctx.db, async (trx) => {
      if (!(await updateItem(trx, item, {}, ["copying"], ctx.plan.lease_epoch))) return;
      const pending = await pendingChunkIndexes(trx, item);
      if (pending.length === 0) await enqueueFinish(item, trx);
      else await enqueueChunks(item, pending, trx);
    });
}

/**
 * Phase 3 of a step: copies to start, up to the plan's copies at once (`copyConcurrency`): first
 * copies whose stored parts were lost (`copying` without an upload: they begin again), then finished
 * outputs in the plan's order. Their chunks are tasks from then on; the step never waits for them.
 */
export async function startCopies(ctx: TickContext): Promise<void> {
  const { db, plan } = ctx;
  const most = ctx.options.copyConcurrency ?? getConfig().plans.copiesAtOnce;
  await resumeStalled(ctx, most);
  const restarts = await itemsIn(db, plan.id, ["copying"])
    .where("upload_id", "is", null)
    .limit(most)
    .execute();
  for (const item of restarts) if (!ctx.signal.aborted) await startCopy(ctx, item);
  const room = most - (await countItems(db, plan.id, ["copying"]));
  if (room <= 0) return;
  const ready = await itemsIn(db, plan.id, ["requested"])
    .where("job_completed_at", "is not", null)
    .where("glacier_job_id", "is not", null)
    .limit(room)
    .execute();
  for (const item of ready) if (!ctx.signal.aborted) await startCopy(ctx, item);
}
