import "server-only";
import { Readable } from "node:stream";
import { type ReadableStream as NodeReadableStream } from "node:stream/web";
import { AwsOperationError } from "@/lib/aws/errors";
import { mapBounded } from "@/lib/aws/jobs";
import { openOutputStream, OutputUnavailableError, resolveOutput } from "@/lib/jobs";
import { log } from "@/lib/log";
import { type TickContext } from "./context";
import { itemsIn, type PlanItemRow, updateItem } from "./store";
import { requestAgain } from "./track";

const MAX_COPIES_PER_STEP = 500;
const DEFAULT_COPY_BUDGET_MS = 10_000;

function message(error: unknown): string {
  if (error instanceof AwsOperationError) return `${error.failure.code}: ${error.failure.message}`;
  return error instanceof Error ? error.message : String(error);
}

async function fail(ctx: TickContext, item: PlanItemRow, problem: string): Promise<void> {
  await ctx.destination.discard(item.object_key, item.upload_id).catch(() => undefined);
  await updateItem(
    ctx.db,
    item,
    { status: "failed", error: problem, upload_id: null },
    ["copying", "copied"],
    ctx.plan.lease_epoch,
  );
}

/**
 * One output to the destination: GetJobOutput streamed through lib/jobs' tree-hash check (the bytes
 * must hash to the archive's tree hash), written, then read back from the destination and checked
 * again before the item is `verified`.
 */
async function copyOne(ctx: TickContext, item: PlanItemRow): Promise<boolean> {
  const { db, destination, signal } = ctx;
  if (signal.aborted) return false;
  if (
    !(await updateItem(db, item, { status: "copying", upload_id: null }, ["requested"], ctx.plan.lease_epoch))
  )
    return false;
  const size = Number(item.size);
  try {
    const output = await resolveOutput(ctx.target, item.glacier_job_id ?? "", { db });
    const opened = await openOutputStream(output, { range: null, mode: "read", signal });
    const body = Readable.fromWeb(opened.stream as NodeReadableStream<Uint8Array>);
    await destination.write(item.object_key, body, size, {
      signal,
      onUploadId: async (uploadId) => {
        await updateItem(db, item, { upload_id: uploadId }, ["copying"], ctx.plan.lease_epoch);
      },
    });
    const settlement = await opened.done;
    if (settlement?.state !== "verified" || settlement.computed !== item.tree_hash.toLowerCase()) {
      await fail(
        ctx,
        item,
        `The retrieved bytes do not match the archive's tree hash (${settlement?.state ?? "not hashed"}).`,
      );
      return true;
    }
    await updateItem(
      db,
      item,
      { status: "copied", copied_at: new Date().toISOString(), upload_id: null },
      ["copying"],
      ctx.plan.lease_epoch,
    );
    const readBack = await destination.verify(item.object_key, size, item.tree_hash);
    if (!readBack.ok) {
      await fail(ctx, item, `Read back from the destination: ${readBack.problem}.`);
      return true;
    }
    await updateItem(
      db,
      item,
      { status: "verified", verified_at: new Date().toISOString(), error: null },
      ["copied"],
      ctx.plan.lease_epoch,
    );
    return true;
  } catch (error) {
    // Stopped mid-copy: left `copying`, so whoever drives the plan next redoes it from the start.
    if (signal.aborted) return false;
    if (error instanceof OutputUnavailableError && error.status === 410) {
      await requestAgain(ctx, item, "The output expired before it was copied; requested again.");
      return true;
    }
    // Thaw has no record of the job: retrying the copy cannot help ("retry failed" requests it anew).
    if (error instanceof OutputUnavailableError && error.status === 404) {
      await fail(ctx, item, error.message);
      return true;
    }
    log().warn(
      { planId: item.plan_id, archiveId: item.archive_id, detail: message(error) },
      "copy failed; will retry",
    );
    await destination.discard(item.object_key, null).catch(() => undefined);
    await updateItem(
      db,
      item,
      { status: "requested", error: `Copy failed, will retry: ${message(error)}` },
      ["copying", "copied"],
      ctx.plan.lease_epoch,
    );
    return false;
  }
}

/**
 * Phase 2: copies finished outputs, `copyConcurrency` at a time, starting new copies until none is
 * ready or the step's copy budget is spent (a copy once started finishes). An item found `copying`
 * or `copied` belongs to a copy that died with its worker before verifying (steps await their
 * copies): its leftovers are discarded and it is redone. Returns how many items settled (the manifest is rewritten when any did).
 */
export async function copyCompleted(ctx: TickContext): Promise<number> {
  const { db, plan, options } = ctx;
  for (const stale of await itemsIn(db, plan.id, ["copying", "copied"]).execute()) {
    await ctx.destination.discard(stale.object_key, stale.upload_id);
    await updateItem(
      db,
      stale,
      { status: "requested", upload_id: null },
      ["copying", "copied"],
      ctx.plan.lease_epoch,
    );
  }
  const ready = await itemsIn(db, plan.id, ["requested"])
    .where("job_completed_at", "is not", null)
    .where("glacier_job_id", "is not", null)
    .limit(MAX_COPIES_PER_STEP)
    .execute();
  const deadline = Date.now() + (options.copyBudgetMs ?? DEFAULT_COPY_BUDGET_MS);
  let settled = 0;
  await mapBounded(ready, options.copyConcurrency ?? 2, async (item) => {
    if (Date.now() > deadline || ctx.signal.aborted) return;
    if (await copyOne(ctx, item)) settled++;
  });
  return settled;
}
