import "server-only";
import { type Kysely } from "kysely";
import { getConfig } from "@/lib/config";
import { type Database, getDatabase } from "@/lib/db";
import { sharedPromise } from "@/lib/db/shared-promise";
import { log } from "@/lib/log";
import { createBossQueue, thisHost } from "./boss-queue";
import { drainQueue } from "./drain";
import { startLocalRunner, type LocalRunner, workerName } from "./local-runner";
import { type TaskQueue } from "./queue";
import { definedTasks, taskDefinition } from "./registry";
import { createTableQueue, insertTask } from "./table-queue";
import {
  type Clock,
  type DrainResult,
  type EnqueueOptions,
  type ParkedTask,
  type QueueHealth,
  type TaskName,
} from "./types";

/**
 * The process-wide task queue and its workers: Thaw's own database (the in-process queue) unless
 * DATABASE_URL selects PostgreSQL, where pg-boss schedules across replicas. Kept on globalThis so
 * Next's dev reloads share one.
 */
const slot = globalThis as {
  __thawTaskQueue?: Promise<TaskQueue> | undefined;
  __thawTaskRunner?: LocalRunner | undefined;
};

const shared = sharedPromise(
  async (): Promise<TaskQueue> => {
    // Thaw's migrations first: they take PostgreSQL's migration lock, so replicas starting at once wait.
    const { db } = await getDatabase();
    const { databaseUrl } = getConfig();
    if (!databaseUrl)
      return createTableQueue({
        db,
        definitions: definedTasks,
        onEnqueued: () => slot.__thawTaskRunner?.wake(),
      });
    const queue = createBossQueue({
      connectionString: databaseUrl,
      definitions: definedTasks,
      onProblem: (error) => log().warn({ err: error }, "task queue (pg-boss)"),
    });
    await queue.start();
    return queue;
  },
  {
    get current() {
      return slot.__thawTaskQueue;
    },
    set current(value) {
      slot.__thawTaskQueue = value;
    },
  },
);

/** The queue this process schedules on. */
export function processTaskQueue(): Promise<TaskQueue> {
  return shared.get();
}

function definitionOrThrow(name: TaskName) {
  const definition = taskDefinition(name);
  if (!definition) throw new Error(`task ${name} is not defined in this process (startup registers it)`);
  return definition;
}

/**
 * Enqueues a task. With `trx` (a transaction on Thaw's database, or in a test its database) the task
 * exists if and only if that transaction commits. Inside a transaction, always pass it: on SQLite the
 * one connection belongs to the transaction until it ends, so an enqueue beside it would wait forever.
 */
export async function enqueueTask<P>(
  name: TaskName,
  payload: P,
  options: EnqueueOptions = {},
  trx?: Kysely<Database>,
): Promise<void> {
  const definition = definitionOrThrow(name);
  if (!trx || getConfig().databaseUrl) await (await processTaskQueue()).enqueue(name, payload, options, trx);
  // Straight into the given database: a test's, or a transaction of Thaw's (no process queue needed).
  else await insertTask(trx, definition, payload, options, Date.now());
  // This process's workers look at once (a task enqueued in a transaction waits for the next look).
  slot.__thawTaskRunner?.wake();
}

/** Starts this process's workers (skipped when THAW_WORKER=external). Returns a stopper for shutdown. */
export function startTaskWorkers(): { stop(options?: { graceMs?: number }): Promise<void> } {
  const config = getConfig();
  if (config.tasks.worker === "external") return { stop: () => Promise.resolve() };
  const started = processTaskQueue().then((queue) => {
    slot.__thawTaskRunner ??= startLocalRunner({
      queue,
      concurrency: config.tasks.concurrency,
      // pg-boss's own default: an idle replica asks each queue every 2 s (SQLite: a local read, 1 s).
      pollMs: queue.kind === "pg-boss" ? 2_000 : 1_000,
      onProblem: (error) => log().warn({ err: error }, "task worker"),
    });
    return slot.__thawTaskRunner;
  });
  started.catch((error: unknown) => log().error({ err: error }, "task workers could not start"));
  return {
    async stop(options) {
      const runner = await started.catch(() => undefined);
      if (slot.__thawTaskRunner === runner) slot.__thawTaskRunner = undefined;
      await runner?.stop(options);
      await closeTaskQueue();
    },
  };
}

/**
 * Lets go of the process's queue (pg-boss records a clean stop, so the instance no longer counts as a
 * worker); the next use opens it again. Shutdown, and tests.
 */
export async function closeTaskQueue(): Promise<void> {
  const queue = await shared.clear()?.catch(() => undefined);
  await queue?.stop?.();
}

export type DrainTasksOptions = {
  budgetMs: number;
  /** Tests: drain this database's in-process queue instead of the process's. */
  db?: Kysely<Database>;
  now?: Clock;
};

/** Vercel: take and run tasks for at most budgetMs, then return what was done. */
export async function drainTasks(options: DrainTasksOptions): Promise<DrainResult> {
  const queue = options.db
    ? createTableQueue({
        db: options.db,
        definitions: definedTasks,
        ...(options.now ? { now: options.now } : {}),
      })
    : await processTaskQueue();
  return drainQueue({
    queue,
    worker: workerName(),
    budgetMs: options.budgetMs,
    concurrency: getConfig().tasks.concurrency,
    ...(options.now ? { now: options.now } : {}),
  });
}

/** Operations (health route, settings page). */
export async function queueHealth(): Promise<QueueHealth> {
  const queue = await processTaskQueue();
  const runner = slot.__thawTaskRunner;
  const here = runner ? [{ id: runner.worker, host: thisHost(), lastSeen: runner.lastSeen() }] : [];
  return { ...(await queue.health()), workers: queue.workers ? await queue.workers() : here };
}

/**
 * Tasks parked after their retries, newest first (at most 100). The plan page asks for its plan's:
 * every task of a plan carries groupId = planId (plan-initiate and copy-finish too, beside their
 * singletonKey), or it does not show there.
 */
export async function parkedTasks(filter: { groupId?: string }): Promise<ParkedTask[]> {
  return (await processTaskQueue()).parked(filter);
}

export async function retryParkedTask(taskId: string): Promise<void> {
  await (await processTaskQueue()).retryParked(taskId);
}
