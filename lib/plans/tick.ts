import "server-only";
import { getConfig } from "@/lib/config";
import { log } from "@/lib/log";
import { type TaskContext } from "@/lib/tasks";
import { abortStrayUploads } from "./cancel-uploads";
import { openPlanContext, type TickContext, type TickOptions } from "./context";
import { startCopies } from "./copy-start";
import { initiateWave } from "./initiate";
import { manifestLines } from "./manifest";
import { claimManifestWrite, forgetManifest } from "./manifest-task";
import { enqueueManifest, enqueuePlanStep, type PlanTaskPayload } from "./schedule";
import { countItems, updatePlanRow } from "./store";
import { trackInFlight } from "./track";

const UNSETTLED = ["pending", "requested", "copying", "copied"] as const;

/**
 * Uploads no item knows are looked for by a process's first step of a plan (after a restart: the
 * process that died may have left one), every half hour after, and when the plan completes.
 */
const STRAY_UPLOADS_EVERY_MS = 30 * 60_000;
const strayChecked = new Map<string, number>();

async function abortStrays(ctx: TickContext, force: boolean): Promise<void> {
  const last = strayChecked.get(ctx.plan.id);
  if (!force && last !== undefined && Date.now() - last < STRAY_UPLOADS_EVERY_MS) return;
  strayChecked.set(ctx.plan.id, Date.now());
  try {
    await abortStrayUploads(ctx.db, ctx.plan, ctx.destination);
  } catch (error) {
    // Best effort (the permission to list uploads may be missing): the bucket's lifecycle rule remains.
    const detail = error instanceof Error ? error.message : String(error);
    log().warn({ planId: ctx.plan.id, detail }, "unknown uploads not looked for");
  }
}

/** Tracking, initiation and starting copies; true when the plan completed. */
async function stepOnce(ctx: TickContext): Promise<boolean> {
  const { db, plan } = ctx;
  // Before this step starts any copy: every upload begun by an earlier one is recorded or lost.
  await abortStrays(ctx, false);
  await trackInFlight(ctx);
  // Paused: finish what is in flight, start nothing.
  if (!ctx.signal.aborted && plan.status !== "paused") await initiateWave(ctx);
  if (!ctx.signal.aborted) await startCopies(ctx);
  if (ctx.signal.aborted) return false;
  if ((await countItems(db, plan.id, UNSETTLED)) > 0) {
    // Written by a task of its own (manifest-task.ts): a step is never held up by it.
    if (claimManifestWrite(plan.id)) await enqueueManifest(plan.id, db);
    return false;
  }
  await ctx.destination.writeManifestLines(manifestLines(db, plan.id));
  await abortStrays(ctx, true);
  await updatePlanRow(db, plan.id, { status: "completed", lease_owner: null, lease_expires_at: null });
  forgetManifest(plan.id);
  strayChecked.delete(plan.id);
  log().info({ planId: plan.id }, "plan completed");
  return true;
}

/**
 * The `plan-initiate` task: one step of one plan (at most one runs per plan across the fleet): track
 * the jobs in flight, initiate the next wave (not while paused: spend reserved and the attempt claimed
 * with the item's change, as initiate.ts does), start copies of finished outputs (their chunks become
 * copy-chunk tasks, copy-start.ts), complete the plan when nothing is left, and otherwise enqueue the
 * plan's next step after `tickMs`. A cancelled, completed or deleted plan's step does nothing and
 * schedules nothing. A failed step is recorded on the plan and the next one still comes; only when
 * even that cannot be enqueued (the database is gone) does the task fail, and the queue retries it.
 */
export async function runPlanStep(
  payload: PlanTaskPayload,
  task: Pick<TaskContext, "signal">,
  options: TickOptions,
): Promise<void> {
  const { planId } = payload;
  const ctx = await openPlanContext(planId, options, task.signal);
  if (!ctx) return;
  let completed = false;
  try {
    completed = await stepOnce(ctx);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    log().error({ planId, detail }, "plan step failed");
    await updatePlanRow(ctx.db, planId, { last_error: detail }).catch(() => undefined);
  }
  // Also after a step cut short (shutdown, the drain's time up): the plan's chain of steps goes on.
  if (completed) return;
  await enqueuePlanStep(planId, ctx.db, (options.tickMs ?? getConfig().plans.tickMs) / 1000);
}
