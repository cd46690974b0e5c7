import "server-only";
import { getConfig } from "@/lib/config";
import { log } from "@/lib/log";
import { type TickContext } from "./context";
import { copyBudgetMs, copyCandidates, copyItem } from "./copy";
import { manifestLines } from "./manifest";
import { updatePlanRow } from "./store";

/**
 * Copies run beside the steps, not inside them: each step tops a plan's copies up to its
 * `copyConcurrency` and returns at once, so tracking and initiating never wait for a copy, and a slow
 * or hung copy holds only its own slot (its chunk is bounded in time by copy.ts; the next step
 * resumes it). One set per plan in this process; the lease keeps other processes off the plan.
 */

type PlanCopies = {
  /** Archive id → the copy under way. */
  busy: Map<string, Promise<void>>;
  /** Aborted when the lease is lost or the plan stops being driven. */
  controller: AbortController;
};

// On globalThis so Next's dev reloads share one registry with the worker that started the copies.
const slot = globalThis as { __thawPlanCopies?: Map<string, PlanCopies> | undefined };
const plans = (slot.__thawPlanCopies ??= new Map<string, PlanCopies>());

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

/** Whether copies of the plan are under way in this process. */
export function isCopying(planId: string): boolean {
  return (plans.get(planId)?.busy.size ?? 0) > 0;
}

async function copyAndRecord(ctx: TickContext, item: Parameters<typeof copyItem>[1], deadline: number) {
  const planId = ctx.plan.id;
  try {
    const settled = await copyItem(ctx, item, deadline);
    if (settled && !ctx.signal.aborted && manifestDue(planId))
      await ctx.destination.writeManifestLines(manifestLines(ctx.db, planId));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    log().error({ planId, archiveId: item.archive_id, detail }, "copy failed");
    await updatePlanRow(ctx.db, planId, { last_error: detail }).catch(() => undefined);
  }
}

/**
 * Starts copies of the step's plan until `copyConcurrency` run (resumed ones first, then finished
 * outputs). Only the query waits; the copies go on after the step, until they settle, reach the copy
 * budget (the item stays `copying`, a later step resumes it), or are stopped (`workerSignal` aborts,
 * `stopCopies`), a copy cut short being left `copying` for whoever drives the plan next.
 */
export async function topUpCopies(ctx: TickContext, workerSignal: AbortSignal | undefined): Promise<void> {
  const planId = ctx.plan.id;
  let copies = plans.get(planId);
  if (copies?.controller.signal.aborted) return; // stopped: let the last ones wind down first
  if (!copies) {
    copies = { busy: new Map(), controller: new AbortController() };
    plans.set(planId, copies);
  }
  const { busy, controller } = copies;
  const signal = workerSignal ? AbortSignal.any([workerSignal, controller.signal]) : controller.signal;
  const room = (ctx.options.copyConcurrency ?? getConfig().plans.copiesAtOnce) - busy.size;
  const items = await copyCandidates(ctx, new Set(busy.keys()), room);
  const deadline = Date.now() + copyBudgetMs(ctx);
  for (const item of items) {
    if (signal.aborted) break;
    const done = copyAndRecord({ ...ctx, signal }, item, deadline).finally(() => {
      busy.delete(item.archive_id);
      if (busy.size === 0 && plans.get(planId) === copies) plans.delete(planId);
    });
    busy.set(item.archive_id, done);
  }
  if (busy.size === 0 && plans.get(planId) === copies) plans.delete(planId);
}

/** Aborts the plan's copies in this process (the lease was lost, the plan left the driven statuses). */
export function stopCopies(planId: string): void {
  plans.get(planId)?.controller.abort();
}

/** Settles once the copies under way of `planIds` (default: all of this process's) have ended. */
export async function copiesSettled(planIds?: Iterable<string>): Promise<void> {
  const ids = planIds ? [...planIds] : [...plans.keys()];
  await Promise.all(ids.flatMap((id) => [...(plans.get(id)?.busy.values() ?? [])]));
}
