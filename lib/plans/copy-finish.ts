import "server-only";
import { getConfig } from "@/lib/config";
import { inTransaction } from "@/lib/db";
import { type TaskContext } from "@/lib/tasks";
import { composeTreeHash } from "./chunks/layout";
import { allChunks, deleteChunks } from "./chunks/store";
import { openPlanContext, type TickContext, type TickOptions } from "./context";
import { failCopy, startOver, timeBound } from "./copy";
import { PartsGoneError } from "./destinations/types";
import { type FinishTaskPayload } from "./schedule";
import { getItemRow, type PlanItemRow, updateItem } from "./store";

const now = () => new Date().toISOString();

/** The cautious plan's second transfer: what the destination holds is read back and hashed. */
async function verifyCopied(ctx: TickContext, item: PlanItemRow): Promise<void> {
  const read = await ctx.destination.verify(item.object_key, Number(item.size), item.tree_hash);
  if (!read.ok) await failCopy(ctx, item, `Read back from the destination: ${read.problem}.`);
  else
    await updateItem(
      ctx.db,
      item,
      { status: "verified", verified_at: now(), error: null },
      ["copied"],
      ctx.plan.lease_epoch,
    );
}

/**
 * The `copy-finish` task of one item, enqueued when its last chunk was stored: the chunks' tree hashes
 * must compose to the archive's before the object exists; then the upload is completed (or the file
 * renamed; both are safe to repeat) and the item verified, by a conditional update (`copying` →
 * `verified`), so however often the task runs, the item settles once.
 */
export async function runCopyFinish(
  payload: FinishTaskPayload,
  task: Pick<TaskContext, "signal">,
  options: TickOptions,
): Promise<void> {
  const ctx = await openPlanContext(payload.planId, options, task.signal);
  if (!ctx) return;
  const item = await getItemRow(ctx.db, payload.planId, payload.seq);
  if (item?.status === "copied") return verifyCopied(ctx, item);
  if (!item || item.status !== "copying" || item.upload_id === null) return;
  const chunks = await allChunks(ctx.db, item);
  // A finish enqueued before the item went back for a new output: the new chunks enqueue their own.
  if (chunks.some((c) => c.state !== "done")) return;
  const composed = composeTreeHash(chunks.map((c) => c.tree_hash ?? ""));
  if (composed !== item.tree_hash.toLowerCase())
    return failCopy(
      ctx,
      item,
      `The copied bytes hash to ${composed}, not the archive's tree hash ${item.tree_hash}.`,
    );
  const parts = chunks.map((c) => ({ partNumber: c.part_number, etag: c.etag, sha256: c.checksum_sha256 }));
  const size = Number(item.size);
  // A stop (the drain's time is up, a shutdown) before the completion leaves it to the next run; once
  // sent, only its time bound ends it, and its outcome is recorded: a completion cut by the stop still
  // completes at S3, and the run after could only learn that by asking S3 (a HeadObject).
  ctx.signal.throwIfAborted();
  try {
    await ctx.destination.finish(item.object_key, item.upload_id, parts, size, timeBound(ctx, 0));
  } catch (error) {
    if (error instanceof PartsGoneError) return startOver(ctx, item);
    throw error;
  }
  const readBack = ctx.options.readBack ?? getConfig().plans.readBack;
  const changes = readBack
    ? ({ status: "copied", copied_at: now(), upload_id: null } as const)
    : ({ status: "verified", copied_at: now(), verified_at: now(), upload_id: null, error: null } as const);
  const settled = await inTransaction(ctx.db, async (trx) => {
    const moved = await updateItem(trx, item, changes, ["copying"], ctx.plan.lease_epoch);
    if (moved) await deleteChunks(trx, item, ctx.plan.lease_epoch);
    return moved;
  });
  if (settled && readBack) await verifyCopied(ctx, { ...item, status: "copied", upload_id: null });
}
