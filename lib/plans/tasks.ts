import "server-only";
import { getConfig } from "@/lib/config";
import { dbOf } from "@/lib/db";
import { defineTask } from "@/lib/tasks";
import { DRIVEN_STATUSES, type TickOptions } from "./context";
import { MAX_CHUNK_TRIES, runCopyChunk } from "./copy";
import { runCopyFinish } from "./copy-finish";
import { runManifestWrite } from "./manifest-task";
import {
  type ChunkTaskPayload,
  enqueuePlanStep,
  type FinishTaskPayload,
  markPlanTasksRegistered,
  type PlanTaskPayload,
} from "./schedule";
import { runPlanStep } from "./tick";

export type PlanTaskOptions = TickOptions & {
  /** A chunk's run silent this long is taken back and retried elsewhere (default 30 s; pg-boss ≥ 10). */
  heartbeatSeconds?: number;
};

/**
 * Registers lib/plans' tasks (every process does, at startup; tests with their own options): the
 * plan's steps, its chunks and their finishing, its manifest, as lib/tasks runs them on any replica.
 */
export function registerPlanTasks(options: PlanTaskOptions = {}): void {
  markPlanTasksRegistered();
  const heartbeatSeconds = options.heartbeatSeconds ?? 30;
  defineTask<PlanTaskPayload>({
    name: "plan-initiate",
    run: (payload, task) => runPlanStep(payload, task, options),
    // A step records its own failures and schedules the next; a throw means the database itself was
    // out of reach (e.g. PostgreSQL restarting), and the step is simply tried again.
    retryLimit: 100,
    retryDelaySeconds: 2,
    heartbeatSeconds,
    expireInSeconds: 15 * 60,
    policy: "stately",
  });
  defineTask<ChunkTaskPayload>({
    name: "copy-chunk",
    run: (payload, task) => runCopyChunk(payload, task, options),
    // The chunk's own tries (MAX_CHUNK_TRIES) fail its item; the rest are crashes and stops.
    retryLimit: MAX_CHUNK_TRIES + 7,
    retryDelaySeconds: options.chunkRetryDelaySeconds ?? 5,
    heartbeatSeconds,
    expireInSeconds: 60 * 60,
    groupConcurrency: options.copyConcurrency ?? getConfig().plans.copiesAtOnce,
    policy: "singleton",
  });
  defineTask<PlanTaskPayload>({
    name: "plan-manifest",
    run: (payload, task) => runManifestWrite(payload, task, options),
    // A failed write waits for the next one due; a crash is retried elsewhere.
    retryLimit: 2,
    retryDelaySeconds: 30,
    heartbeatSeconds,
    expireInSeconds: 60 * 60,
    policy: "singleton",
  });
  defineTask<FinishTaskPayload>({
    name: "copy-finish",
    run: (payload, task) => runCopyFinish(payload, task, options),
    retryLimit: 10,
    retryDelaySeconds: options.chunkRetryDelaySeconds ?? 5,
    heartbeatSeconds,
    expireInSeconds: 15 * 60,
    policy: "singleton",
  });
}

/**
 * Makes sure every driven plan has its next step queued (one at most per plan: the rest are dropped
 * by the task's policy). Run at startup: a plan whose chain of steps was broken (a task parked after
 * its retries, plans from before tasks drove them) is picked up again.
 */
export async function enqueueDrivenPlans(options: TickOptions = {}): Promise<number> {
  const db = await dbOf(options);
  const rows = await db.selectFrom("plans").select("id").where("status", "in", DRIVEN_STATUSES).execute();
  for (const row of rows) await enqueuePlanStep(row.id, db);
  return rows.length;
}
