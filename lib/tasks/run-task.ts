import "server-only";
import { type ClaimedTask, errorText, type TaskQueue } from "./queue";

export type RunOutcome = "completed" | "failed" | "released";

/**
 * Runs one claimed task's handler and settles it with its queue: the one place a task's work is done,
 * whichever runner took it (a replica's workers, a drain). While it runs, the claim is kept alive every
 * heartbeatSeconds / 2 (or expireInSeconds / 2); a lost claim (taken back by another process) aborts the
 * run. A handler that returns has done its task. One that throws after `stop` aborted (shutdown, the
 * drain's budget) is released, not failed: it runs again later, its retries untouched.
 */
export async function runClaimedTask(
  queue: TaskQueue,
  task: ClaimedTask,
  worker: string,
  stop: AbortSignal,
): Promise<RunOutcome> {
  const { definition } = task;
  const lost = new AbortController();
  const signal = AbortSignal.any([stop, lost.signal]);
  const heartbeat = async () => {
    if (!(await queue.heartbeat(task, worker))) lost.abort(new Error("the task was taken back"));
  };
  const everyMs = ((definition.heartbeatSeconds ?? definition.expireInSeconds) * 1000) / 2;
  const timer = setInterval(() => void heartbeat().catch(() => undefined), everyMs);
  timer.unref();
  try {
    await definition.run(task.payload, { signal, heartbeat, attempt: task.attempt, taskId: task.id });
    await queue.complete(task, worker);
    return "completed";
  } catch (error) {
    if (stop.aborted) {
      await queue.release(task, worker);
      return "released";
    }
    if (lost.signal.aborted) return "failed"; // already counted by whoever took it back
    await queue.fail(task, worker, errorText(error));
    return "failed";
  } finally {
    clearInterval(timer);
  }
}
