import "server-only";
import { dbOf } from "@/lib/db";
import { log } from "@/lib/log";
import {
  connectionTarget,
  DEFAULT_LEASE_MS,
  exportRootsOf,
  type TickContext,
  type TickOptions,
} from "./context";
import { copyCompleted } from "./copy";
import { destinationFor } from "./destinations";
import { initiateWave } from "./initiate";
import { acquireLease, DRIVEN_STATUSES } from "./lease";
import { manifestLines } from "./manifest";
import { countItems, getPlanRow, parseDestination, pricingOf, updatePlanRow } from "./store";
import { trackInFlight } from "./track";

const UNSETTLED = ["pending", "requested", "copying", "copied"] as const;

/**
 * The manifest is rewritten as items settle, at most every few minutes (it lists every item, so one
 * write of a 10-million-item plan streams ~2 GB), and once more when the plan completes.
 */
const MANIFEST_EVERY_MS = 5 * 60_000;
const manifestWritten = new Map<string, number>();

function manifestDue(planId: string): boolean {
  const last = manifestWritten.get(planId) ?? 0;
  if (Date.now() - last < MANIFEST_EVERY_MS) return false;
  manifestWritten.set(planId, Date.now());
  return true;
}

/**
 * One step of one plan, taken only by the holder of its lease (taken or renewed here, and renewed
 * while the step runs): track the jobs in flight, initiate the next wave (not while paused), copy finished outputs,
 * rewrite the manifest if anything settled, and complete the plan when nothing is left to do.
 */
export async function runPlanTick(planId: string, owner: string, options: TickOptions = {}): Promise<void> {
  const db = await dbOf(options);
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  if (!(await acquireLease(db, planId, owner, leaseMs))) return;
  const plan = await getPlanRow(db, planId);
  if (!plan || !DRIVEN_STATUSES.includes(plan.status)) return;

  const controller = new AbortController();
  const outer = options.signal;
  const stop = () => controller.abort();
  outer?.addEventListener("abort", stop, { once: true });
  // Lost the lease mid-step (a long copy, a stalled database)? Stop before the next holder starts.
  const heartbeat = setInterval(() => {
    acquireLease(db, planId, owner, leaseMs).then(
      (held) => held || stop(),
      () => stop(),
    );
  }, leaseMs / 3);
  try {
    const target = await (options.resolveTarget ?? connectionTarget)(plan.connection_id);
    const ctx: TickContext = {
      db,
      plan,
      target,
      pricing: pricingOf(options),
      destination: destinationFor(parseDestination(plan.destination), target, exportRootsOf(options)),
      signal: controller.signal,
      now: new Date(),
      options,
    };
    await trackInFlight(ctx);
    // Paused: finish what is in flight, start nothing.
    if (!controller.signal.aborted && plan.status !== "paused") await initiateWave(ctx);
    const settled = controller.signal.aborted ? 0 : await copyCompleted(ctx);
    const finished = !controller.signal.aborted && (await countItems(db, planId, UNSETTLED)) === 0;
    if (finished || (settled > 0 && manifestDue(planId)))
      await ctx.destination.writeManifestLines(manifestLines(db, planId));
    if (finished) {
      await updatePlanRow(db, planId, { status: "completed", lease_owner: null, lease_expires_at: null });
      log().info({ planId }, "plan completed");
    }
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    log().error({ planId, detail }, "plan step failed");
    await updatePlanRow(db, planId, { last_error: detail }).catch(() => undefined);
  } finally {
    clearInterval(heartbeat);
    outer?.removeEventListener("abort", stop);
  }
}
