/**
 * The public types of lib/tasks (the contract between the task queue and the services whose work it
 * schedules). Plain types, no I/O.
 */

export const TASK_NAMES = [
  "plan-initiate",
  "copy-chunk",
  "copy-finish",
  "plan-manifest",
  "vault-sync",
  "inventory-import",
] as const;
export type TaskName = (typeof TASK_NAMES)[number];

export type TaskContext = {
  /**
   * Aborted when the process stops or the drain's budget runs out: wind down, leave state resumable,
   * and throw (e.g. `signal.throwIfAborted()`) so the task runs again later without spending a retry.
   * Returning means the task is done.
   */
  signal: AbortSignal;
  /** Tell the queue this task is alive (pg-boss heartbeat); call at least every heartbeatSeconds / 2. */
  heartbeat(): Promise<void>;
  /** 1 for the first run, 2 for the first retry … */
  attempt: number;
  taskId: string;
};

export type TaskPolicy = "standard" | "singleton" | "stately";

export type TaskDefinition<P> = {
  name: TaskName;
  /** Idempotent: may run again after a crash or a lost completion. Thaw's tables are the record of truth. */
  run(payload: P, context: TaskContext): Promise<void>;
  /** Retries after the first run; then the task is PARKED (kept with its error, retryable by hand). */
  retryLimit: number;
  /** The first retry's delay; each further retry waits twice as long as the one before. */
  retryDelaySeconds: number;
  /** A task silent this long is taken back and retried elsewhere (pg-boss wants >= 10). */
  heartbeatSeconds?: number;
  /** Hard cap for one run. */
  expireInSeconds: number;
  /** At most this many tasks of one group (e.g. one plan) run at once across the fleet. */
  groupConcurrency?: number;
  /**
   * "standard": no limit per key. "singleton": at most one queued-or-active task per singletonKey
   * (pg-boss calls this "exclusive"). "stately": at most one queued and one active per singletonKey.
   */
  policy?: TaskPolicy;
};

export type EnqueueOptions = {
  /** e.g. planId for plan-initiate, connectionId for vault-sync. */
  singletonKey?: string;
  /** e.g. planId for copy-chunk (groupConcurrency). */
  groupId?: string;
  /** Delayed (re-)scheduling, e.g. the next plan-initiate in 30 s. */
  startAfterSeconds?: number;
};

export type TaskCounts = { waiting: number; active: number; failed: number };

export type QueueHealth = {
  /** Age of the oldest task that could run now but has not started; null when none waits. */
  oldestWaitingSeconds: number | null;
  /** Tasks whose last run failed within the last hour (retried or parked). */
  failedLastHour: number;
  perTask: Record<TaskName, TaskCounts>;
  /** Processes that took work recently. */
  workers: { id: string; host: string; lastSeen: string }[];
};

export type ParkedTask = { taskId: string; name: TaskName; error: string; failedAt: string };

export type DrainResult = { ran: number; failed: number };

/** Milliseconds since the epoch; tests pass a clock they move by hand. */
export type Clock = () => number;

export function isTaskName(value: string): value is TaskName {
  return (TASK_NAMES as readonly string[]).includes(value);
}

export function emptyCounts(): Record<TaskName, TaskCounts> {
  return Object.fromEntries(TASK_NAMES.map((name) => [name, { waiting: 0, active: 0, failed: 0 }])) as Record<
    TaskName,
    TaskCounts
  >;
}
