import "server-only";
import { getConfig } from "@/lib/config";
import { log } from "@/lib/log";
import { type TaskContext } from "@/lib/tasks";
import { openPlanContext, type TickContext, type TickOptions } from "./context";
import { startCopies } from "./copy-start";
import { initiateWave } from "./initiate";
import { manifestLines } from "./manifest";
import { enqueuePlanStep, type PlanTaskPayload } from "./schedule";
import { countItems, updatePlanRow } from "./store";
import { trackInFlight } from "./track";

const UNSETTLED = ["pending", "requested", "copying", "copied"] as const;

/**
 * The manifest is rewritten as items settle, at most every few minutes (it lists every item, so one
 * write of a 10-million-item plan streams ~2 GB), and once more when the plan completes. Per process:
 * a step on another replica may write it sooner, which costs a write, nothing else.
 */
const MANIFEST_EVERY_MS = 5 * 60_000;
const manifestWritten = new Map<string, number>();

function manifestDue(ctx: TickContext): boolean {
  const last = manifestWritten.get(ctx.plan.id) ?? Date.now();
  if (!manifestWritten.has(ctx.plan.id)) manifestWritten.set(ctx.plan.id, last);
  if (Date.now() - last < MANIFEST_EVERY_MS) return false;
  manifestWritten.set(ctx.plan.id, Date.now());
  return true;
}

/** Tracking, initiation and starting copies; true when the plan completed. */
async function stepOnce(ctx: TickContext): Promise<boolean> {
  const { db, plan } = ctx;
  await trackInFlight(ctx);
  // Paused: finish what is in flight, start nothing.
  if (!ctx.signal.aborted && plan.status !== "paused") await initiateWave(ctx);
  if (!ctx.signal.aborted) await startCopies(ctx);
  if (ctx.signal.aborted) return false;
  if ((await countItems(db, plan.id, UNSETTLED)) > 0) {
    if (manifestDue(ctx)) await ctx.destination.writeManifestLines(manifestLines(db, plan.id));
    return false;
  }
  await ctx.destination.writeManifestLines(manifestLines(db, plan.id));
  await updatePlanRow(db, plan.id, { status: "completed", lease_owner: null, lease_expires_at: null });
  manifestWritten.delete(plan.id);
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
