import "server-only";
import { type Kysely } from "kysely";
import { type Database } from "@/lib/db";
import { enqueueTask } from "@/lib/tasks";

/**
 * How lib/plans puts its work on the task queue (lib/tasks). Given a transaction, a task exists if and
 * only if it commits: the rows that call for the work and the task that does it never part. Given
 * the plan's database (not a transaction), the task goes to that database's queue (a test's own).
 */

/** One step of a plan (tick.ts): tracking, initiation, starting copies, completion. */
export type PlanTaskPayload = { planId: string };
/** One chunk of one item's copy (copy.ts); `seq` finds the item, `archiveId` + `idx` the chunk. */
export type ChunkTaskPayload = { planId: string; seq: number; archiveId: string; idx: number };
/** Completing one item's copy once its chunks are all stored (copy-finish.ts). */
export type FinishTaskPayload = { planId: string; seq: number; archiveId: string };

/**
 * lib/plans' tasks must be defined before one is enqueued: startup registers them (with their
 * options); a process that enqueues before (a script, a test creating a plan) gets the defaults.
 */
let registered = false;

export function markPlanTasksRegistered(): void {
  registered = true;
}

async function ensureRegistered(): Promise<void> {
  if (registered) return;
  // Imported here, not at the top: tasks.ts imports the handlers, which import this module.
  const { registerPlanTasks } = await import("./tasks");
  if (!registered) registerPlanTasks();
}

/**
 * The plan's next step, now or after `afterSeconds`. At most one waits per plan (the task's "stately"
 * policy: one queued and one running), so creating, resuming and every step may all ask for one.
 */
export async function enqueuePlanStep(
  planId: string,
  trx?: Kysely<Database>,
  afterSeconds = 0,
): Promise<void> {
  await ensureRegistered();
  await enqueueTask<PlanTaskPayload>(
    "plan-initiate",
    { planId },
    { singletonKey: planId, ...(afterSeconds > 0 ? { startAfterSeconds: afterSeconds } : {}) },
    trx,
  );
}

/**
 * The chunk tasks of an item's copy; grouped by plan, so the plan's copies at once bound them. One
 * task per chunk at most (the task's "singleton" policy): a copy started again (a new output, a
 * stalled copy resumed) while a chunk's task still waits or runs adds none, so no chunk is read twice
 * at once.
 */
export async function enqueueChunks(
  item: { plan_id: string; seq: number; archive_id: string },
  indexes: readonly number[],
  trx: Kysely<Database>,
): Promise<void> {
  await ensureRegistered();
  for (const idx of indexes)
    await enqueueTask<ChunkTaskPayload>(
      "copy-chunk",
      { planId: item.plan_id, seq: item.seq, archiveId: item.archive_id, idx },
      { groupId: item.plan_id, singletonKey: `${item.plan_id}:${item.seq}:${idx}` },
      trx,
    );
}

export async function enqueueFinish(
  item: { plan_id: string; seq: number; archive_id: string },
  trx: Kysely<Database>,
): Promise<void> {
  await ensureRegistered();
  await enqueueTask<FinishTaskPayload>(
    "copy-finish",
    { planId: item.plan_id, seq: item.seq, archiveId: item.archive_id },
    { groupId: item.plan_id, singletonKey: `${item.plan_id}:${item.seq}` },
    trx,
  );
}

/** The plan's manifest, rewritten by a task of its own (manifest-task.ts): one waits or runs at most. */
export async function enqueueManifest(planId: string, db: Kysely<Database>): Promise<void> {
  await ensureRegistered();
  await enqueueTask<PlanTaskPayload>(
    "plan-manifest",
    { planId },
    { groupId: planId, singletonKey: planId },
    db,
  );
}
