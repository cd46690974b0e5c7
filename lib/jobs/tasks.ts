import "server-only";
import { log } from "@/lib/log";
import { noteProgress, type RateSample, recentRate } from "./progress-rate";
import { type TaskProgress } from "./view-types";

/**
 * Long work on a job's output (verification, inventory import, a download in flight) runs in the
 * server process, not in the request that started it: a person can leave the page and come back to
 * its progress. State is in memory; what must survive a restart is in the database (verified leaf
 * digests, the imported inventory), so work started again resumes or finds it done.
 */

export type TaskKind = TaskProgress["kind"];

type Task = TaskProgress & { finishedAt: number | null; samples: RateSample[] };
type Listener = (p: TaskProgress) => void;

export type TaskReporter = {
  /** Adds processed bytes (and items) to the progress. */
  advance(bytes: number, items?: number): void;
  set(patch: Partial<Pick<TaskProgress, "bytes" | "totalBytes" | "items" | "message">>): void;
};

export type TaskOutcome = { result: string | null; message: string | null };

/** Finished tasks stay visible this long, so a page opened afterwards still shows the outcome. */
const KEEP_FINISHED_MS = 30 * 60_000;
const NOTIFY_EVERY_MS = 250;

const slot = globalThis as {
  __thawJobTasks?: Map<string, Task>;
  __thawJobTaskListeners?: Map<string, Set<Listener>>;
};
const tasks = (slot.__thawJobTasks ??= new Map<string, Task>());
const listeners = (slot.__thawJobTaskListeners ??= new Map<string, Set<Listener>>());

function snapshot(task: Task): TaskProgress {
  return {
    kind: task.kind,
    state: task.state,
    startedAt: task.startedAt,
    bytes: task.bytes,
    totalBytes: task.totalBytes,
    items: task.items,
    rate: recentRate(task.samples, task.bytes, Date.now()),
    message: task.message,
    result: task.result,
  };
}

function prune(): void {
  const now = Date.now();
  for (const [key, task] of tasks) {
    if (task.finishedAt !== null && now - task.finishedAt > KEEP_FINISHED_MS) tasks.delete(key);
  }
}

export function taskKey(jobRecordId: string, kind: TaskKind): string {
  return `${jobRecordId}:${kind}`;
}

/**
 * Starts `run` as the task `key`, unless that task is already running (then the running one is
 * returned: a double click does not start the work twice).
 */
export function startTask(
  key: string,
  kind: TaskKind,
  totalBytes: number | null,
  run: (reporter: TaskReporter) => Promise<TaskOutcome>,
): TaskProgress {
  prune();
  const existing = tasks.get(key);
  if (existing?.state === "running") return snapshot(existing);
  const task: Task = {
    kind,
    state: "running",
    startedAt: new Date().toISOString(),
    bytes: 0,
    totalBytes,
    items: null,
    rate: null,
    message: null,
    result: null,
    finishedAt: null,
    samples: [],
  };
  tasks.set(key, task);
  let lastNotified = 0;
  const notify = (force = false) => {
    const now = Date.now();
    if (!force && now - lastNotified < NOTIFY_EVERY_MS) return;
    lastNotified = now;
    const progress = snapshot(task);
    for (const listener of listeners.get(key) ?? []) listener(progress);
  };
  const reporter: TaskReporter = {
    advance(bytes, items) {
      task.bytes += bytes;
      if (items !== undefined) task.items = (task.items ?? 0) + items;
      noteProgress(task.samples, task.bytes, Date.now());
      notify();
    },
    set(patch) {
      Object.assign(task, patch);
      if (patch.bytes !== undefined) noteProgress(task.samples, task.bytes, Date.now());
      notify();
    },
  };
  notify(true);
  void run(reporter)
    .then((outcome) => {
      task.state = "done";
      task.result = outcome.result;
      task.message = outcome.message;
    })
    .catch((error: unknown) => {
      task.state = "failed";
      task.message = error instanceof Error ? error.message : String(error);
      log().warn({ key, detail: task.message }, "job task failed");
    })
    .finally(() => {
      task.finishedAt = Date.now();
      notify(true);
    });
  return snapshot(task);
}

export function getTask(key: string): TaskProgress | null {
  const task = tasks.get(key);
  return task ? snapshot(task) : null;
}

/** Every task of one job record, by kind. */
export function tasksOfJob(jobRecordId: string): TaskProgress[] {
  const prefix = `${jobRecordId}:`;
  return [...tasks.entries()].filter(([key]) => key.startsWith(prefix)).map(([, task]) => snapshot(task));
}

/** Listens to a task's progress (also to a task started later under the same key). */
export function subscribeTask(key: string, listener: Listener): () => void {
  const set = listeners.get(key) ?? new Set<Listener>();
  listeners.set(key, set);
  set.add(listener);
  return () => {
    set.delete(listener);
    if (set.size === 0) listeners.delete(key);
  };
}
