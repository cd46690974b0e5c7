import "server-only";
import { randomUUID } from "node:crypto";
import os from "node:os";
import { mapBounded } from "@/lib/aws/jobs";
import { getConfig } from "@/lib/config";
import { dbOf } from "@/lib/db";
import { log } from "@/lib/log";
import { type TickOptions } from "./context";
import { copiesSettled, isCopying } from "./background-copies";
import { drivablePlanIds, releaseLease } from "./lease";
import { settlesWithin } from "./shutdown";

import { runPlanTick } from "./tick";

export type PlanWorkerOptions = TickOptions & { tickMs?: number; owner?: string };

export type StopOptions = {
  /** Keep every lease, as a crashed process would (tests); by default they are released. */
  abandon?: boolean;
  /** How long to wait for the steps under way to wind down (default: as long as they take). */
  graceMs?: number;
};

export type PlanWorker = {
  owner: string;
  /**
   * Stops the loop and aborts the steps and copies under way (a copy cut short is left `copying` and
   * redone by the next holder), then releases the leases so another replica takes over at its next
   * tick instead of waiting for them to expire. A plan whose step or copy is still running after
   * `graceMs` keeps its lease: it expires as a crashed worker's would, so no two replicas ever act on
   * one plan at once.
   */
  stop(options?: StopOptions): Promise<void>;
};

const MIN_LEASE_MS = 5_000;

// On globalThis so Next's dev reloads do not start a second loop in one process.
const slot = globalThis as { __thawPlanWorker?: PlanWorker | undefined };

/** A loop over the plans this process may drive, one step each per tick, two plans at a time. */
export function createPlanWorker(options: PlanWorkerOptions = {}): PlanWorker {
  const owner = options.owner ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const tickMs = options.tickMs ?? getConfig().plans.tickMs;
  // 15 ticks (30 s at the default 2 s): a crashed replica's plans wait that long for a new driver.
  const leaseMs = options.leaseMs ?? Math.max(MIN_LEASE_MS, 15 * tickMs);
  const controller = new AbortController();
  const held = new Set<string>();
  const active = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const tick = async () => {
    const db = await dbOf(options);
    const ids = await drivablePlanIds(db, owner);
    await mapBounded(ids, 2, async (id) => {
      if (controller.signal.aborted) return;
      held.add(id);
      active.add(id);
      try {
        await runPlanTick(id, owner, { ...options, db, leaseMs, signal: controller.signal });
      } finally {
        active.delete(id);
      }
    });
  };
  const loop = () => {
    running = tick()
      .catch((error: unknown) =>
        log().error(
          { detail: error instanceof Error ? error.message : String(error) },
          "plan worker tick failed",
        ),
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, tickMs);
      });
  };
  timer = setTimeout(loop, 0);
  return {
    owner,
    async stop({ abandon = false, graceMs } = {}) {
      stopped = true;
      clearTimeout(timer);
      controller.abort();
      // The steps and their background copies (aborted above) wind down together.
      const windDown = Promise.all([running, copiesSettled(held)]);
      if (graceMs === undefined) await windDown;
      else await settlesWithin(windDown, graceMs);
      if (abandon) return;
      const db = await dbOf(options);
      for (const id of held) if (!active.has(id) && !isCopying(id)) await releaseLease(db, id, owner);
    },
  };
}

/** The process's plan worker (started once from lib/startup.ts); later calls return the same one. */
export function startPlanWorker(options: PlanWorkerOptions = {}): PlanWorker {
  if (slot.__thawPlanWorker) return slot.__thawPlanWorker;
  const worker = createPlanWorker(options);
  slot.__thawPlanWorker = {
    owner: worker.owner,
    async stop(how) {
      slot.__thawPlanWorker = undefined;
      await worker.stop(how);
    },
  };
  return slot.__thawPlanWorker;
}
