import "server-only";
import { type TaskContext } from "@/lib/tasks";
import { openPlanContext, type TickOptions } from "./context";
import { manifestLines } from "./manifest";
import { type PlanTaskPayload } from "./schedule";

/**
 * The manifest is rewritten as items settle by a `plan-manifest` task of its own, never inside a
 * plan's step: at 10 M archives one write streams ~2 GB and took 40–270 s here, during which a step
 * would track and initiate nothing. It is due every MANIFEST_EVERY_MS, and never sooner than ten
 * times its last write's length after it (at most a tenth of the time spent writing it). Per
 * process: a step on another replica may ask for it sooner, which costs a write, nothing else. The
 * plan's last manifest is written by its completing step (tick.ts).
 */
export const MANIFEST_EVERY_MS = 5 * 60_000;
const WRITING_SHARE = 10;

type Written = { at: number; ms: number };
const written = new Map<string, Written>();

/** Whether a manifest last written (asked for) at `last.at`, taking `last.ms`, is due again at `now`. */
export function manifestDue(last: Written, now: number): boolean {
  return now - last.at >= Math.max(MANIFEST_EVERY_MS, WRITING_SHARE * last.ms);
}

/**
 * True when the plan's manifest should be asked for now (and then counts it as asked for); the first
 * call for a plan in this process only starts its clock.
 */
export function claimManifestWrite(planId: string, now = Date.now()): boolean {
  const last = written.get(planId);
  if (!last) {
    written.set(planId, { at: now, ms: 0 });
    return false;
  }
  if (!manifestDue(last, now)) return false;
  written.set(planId, { at: now, ms: last.ms });
  return true;
}

export function forgetManifest(planId: string): void {
  written.delete(planId);
}

/** The `plan-manifest` task: writes the plan's manifest to its destination, and times the write. */
export async function runManifestWrite(
  payload: PlanTaskPayload,
  task: Pick<TaskContext, "signal">,
  options: TickOptions,
): Promise<void> {
  const ctx = await openPlanContext(payload.planId, options, task.signal);
  if (!ctx) return;
  const started = Date.now();
  await ctx.destination.writeManifestLines(manifestLines(ctx.db, payload.planId));
  written.set(payload.planId, { at: started, ms: Date.now() - started });
}
