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
import { stopCopies, topUpCopies } from "./background-copies";
import { destinationFor } from "./destinations";
import { initiateWave } from "./initiate";
import { acquireLease, DRIVEN_STATUSES } from "./lease";
import { manifestLines } from "./manifest";
import { countItems, getPlanRow, parseDestination, pricingOf, updatePlanRow } from "./store";
import { trackInFlight } from "./track";

const UNSETTLED = ["pending", "requested", "copying", "copied"] as const;

/**
 * One step of one plan, taken only by the holder of its lease (taken or renewed here, and renewed
 * while the step runs): track the jobs in flight, initiate the next wave (not while paused), start
 * copies of finished outputs up to the plan's concurrency (background-copies.ts: the step never waits
 * for a copy), and complete the plan when nothing is left to do. Losing the lease stops this
 * process's copies too.
 */
export async function runPlanTick(planId: string, owner: string, options: TickOptions = {}): Promise<void> {
  const db = await dbOf(options);
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  if (!(await acquireLease(db, planId, owner, leaseMs))) {
    stopCopies(planId);
    return;
  }
  const plan = await getPlanRow(db, planId);
  if (!plan || !DRIVEN_STATUSES.includes(plan.status)) {
    stopCopies(planId);
    return;
  }

  const controller = new AbortController();
  const outer = options.signal;
  const stop = () => controller.abort();
  outer?.addEventListener("abort", stop, { once: true });
  // Lost the lease mid-step (a long copy, a stalled database)? Stop before the next holder starts.
  const lost = () => {
    stop();
    stopCopies(planId);
  };
  const heartbeat = setInterval(() => {
    acquireLease(db, planId, owner, leaseMs).then((held) => held || lost(), lost);
  }, leaseMs / 3);
  try {
    const target = await (options.resolveTarget ?? connectionTarget)(plan.connection_id);
    const ctx: TickContext = {
      db,
      plan,
      target,
      pricing: pricingOf(options),
      destination: (options.watchDestination ?? ((d) => d))(
        destinationFor(parseDestination(plan.destination), target, exportRootsOf(options)),
      ),
      signal: controller.signal,
      now: options.clock?.() ?? new Date(),
      options,
    };
    await trackInFlight(ctx);
    // Paused: finish what is in flight, start nothing.
    if (!controller.signal.aborted && plan.status !== "paused") await initiateWave(ctx);
    if (!controller.signal.aborted) await topUpCopies(ctx, outer);
    const finished = !controller.signal.aborted && (await countItems(db, planId, UNSETTLED)) === 0;
    if (finished) await ctx.destination.writeManifestLines(manifestLines(db, planId));
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
