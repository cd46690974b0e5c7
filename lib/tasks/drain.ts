import "server-only";
import { type TaskQueue } from "./queue";
import { runClaimedTask } from "./run-task";
import { type Clock, type DrainResult } from "./types";

export type DrainOptions = {
  queue: TaskQueue;
  worker: string;
  /** New tasks are taken only while this much time has passed since the drain began. */
  budgetMs: number;
  /** Tasks run at once. */
  concurrency?: number;
  now?: Clock;
};

/**
 * Serverless (Vercel cron): takes and runs tasks until none is ready or the budget is spent, then
 * returns. A task still running when the budget ends is told to stop (its signal) and, if it throws,
 * released for the next drain. Claims are atomic, so drains called at once never run one task twice.
 */
export async function drainQueue(options: DrainOptions): Promise<DrainResult> {
  const { queue, worker, budgetMs, concurrency = 2, now = Date.now } = options;
  await queue.maintain?.();
  const started = now();
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(new Error("the drain's time is up")), budgetMs);
  timer.unref();
  const running = new Set<Promise<void>>();
  let ran = 0;
  let failed = 0;
  // Runs settled so far, and how many had settled when a claim last found nothing: a run that settles
  // meanwhile may have queued the next task (a chunk its finish), so the drain looks again.
  let settled = 0;
  let emptyAt = -1;
  try {
    for (;;) {
      while (emptyAt !== settled && running.size < concurrency && now() - started < budgetMs) {
        const before = settled;
        const task = await queue.claim(worker);
        if (!task) {
          emptyAt = before;
          continue;
        }
        const run: Promise<void> = runClaimedTask(queue, task, worker, stop.signal)
          .then((outcome) => {
            if (outcome !== "released") ran += 1;
            if (outcome === "failed") failed += 1;
          })
          .finally(() => {
            running.delete(run);
            settled += 1;
          });
        running.add(run);
      }
      if (running.size === 0) break;
      await Promise.race(running);
    }
  } finally {
    // Also when a claim failed (the database went away): the runs under way still settle first.
    await Promise.allSettled(running);
    clearTimeout(timer);
  }
  return { ran, failed };
}
