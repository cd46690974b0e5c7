import "server-only";
import { log } from "@/lib/log";
import { type TickContext } from "./context";
import { copyCompleted } from "./copy";
import { manifestLines } from "./manifest";
import { updatePlanRow } from "./store";

/**
 * Copies run in the background of the steps, one pass per plan at a time in this process: a step
 * starts a pass when none is running and returns at once, so tracking and initiating never wait for a
 * copy (a slow or hung one is bounded by the clients' timeouts and redone later by its own pass).
 */

type CopyPass = { done: Promise<void>; abort: () => void };

// On globalThis so Next's dev reloads share one registry with the worker that started the passes.
const slot = globalThis as { __thawCopyPasses?: Map<string, CopyPass> | undefined };
const passes = (slot.__thawCopyPasses ??= new Map<string, CopyPass>());

/**
 * The manifest is rewritten as items settle, at most every few minutes (it lists every item, so one
 * write of a 10-million-item plan streams ~2 GB), and once more when the plan completes (tick.ts).
 */
const MANIFEST_EVERY_MS = 5 * 60_000;
const manifestWritten = new Map<string, number>();

function manifestDue(planId: string): boolean {
  const last = manifestWritten.get(planId) ?? 0;
  if (Date.now() - last < MANIFEST_EVERY_MS) return false;
  manifestWritten.set(planId, Date.now());
  return true;
}

/** Whether a copy pass of the plan is under way in this process. */
export function isCopying(planId: string): boolean {
  return passes.has(planId);
}

/**
 * Starts a copy pass for the step's plan unless one is running. The pass stops when `ctx.signal`
 * (the worker's) aborts or `stopCopies` is called; a copy cut short is left `copying` and redone.
 */
export function startCopyPass(ctx: TickContext, workerSignal: AbortSignal | undefined): void {
  const planId = ctx.plan.id;
  if (passes.has(planId)) return;
  const controller = new AbortController();
  const signal = workerSignal ? AbortSignal.any([workerSignal, controller.signal]) : controller.signal;
  const run = async () => {
    const settled = await copyCompleted({ ...ctx, signal });
    if (settled > 0 && !signal.aborted && manifestDue(planId))
      await ctx.destination.writeManifestLines(manifestLines(ctx.db, planId));
  };
  const done = run()
    .catch(async (error: unknown) => {
      const detail = error instanceof Error ? error.message : String(error);
      log().error({ planId, detail }, "copy pass failed");
      await updatePlanRow(ctx.db, planId, { last_error: detail }).catch(() => undefined);
    })
    .finally(() => passes.delete(planId));
  passes.set(planId, { done, abort: () => controller.abort() });
}

/** Aborts the plan's copy pass (the lease was lost, the plan left the driven statuses). */
export function stopCopies(planId: string): void {
  passes.get(planId)?.abort();
}

/** Settles once the copy passes of `planIds` (default: all of this process's) have ended. */
export async function copiesSettled(planIds?: Iterable<string>): Promise<void> {
  const ids = planIds ? [...planIds] : [...passes.keys()];
  await Promise.all(ids.flatMap((id) => passes.get(id)?.done ?? []));
}
