import "server-only";
import os from "node:os";
import { type TaskQueue } from "./queue";
import { runClaimedTask } from "./run-task";

export type LocalRunnerOptions = {
  queue: TaskQueue;
  /** This runner's name in the queue (who holds a task); default host:pid:random. */
  worker?: string;
  /** Tasks this process runs at once. */
  concurrency?: number;
  /** How long an idle runner waits before looking again (an enqueue in this process wakes it sooner). */
  pollMs?: number;
  /** Told when a claim or a settlement fails (the database is away); the runner keeps trying. */
  onProblem?: (error: unknown) => void;
};

export type LocalRunner = {
  readonly worker: string;
  /** When this runner last asked the queue for work (ISO). */
  lastSeen(): string;
  /** Look for work now (a task was just enqueued). */
  wake(): void;
  /**
   * Takes no more tasks, waits up to graceMs for those running, then aborts them (they are released
   * and run again later) and waits a little more for them to settle.
   */
  stop(options?: { graceMs?: number }): Promise<void>;
};

export function workerName(): string {
  return `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
}

/** A process's task workers: claim while there is room, run, settle; idle between polls. */
export function startLocalRunner(options: LocalRunnerOptions): LocalRunner {
  const {
    queue,
    worker = workerName(),
    concurrency = 4,
    pollMs = 1000,
    onProblem = () => undefined,
  } = options;
  const abort = new AbortController();
  const running = new Set<Promise<unknown>>();
  let stopping = false;
  let seen = new Date().toISOString();
  let wakeUp: (() => void) | undefined;
  // A wake-up that came while the runner was busy claiming: it looks again instead of sleeping.
  let woken = false;
  const wake = () => {
    woken = true;
    wakeUp?.();
  };

  const loop = (async () => {
    while (!stopping) {
      woken = false;
      try {
        while (running.size < concurrency && !stopping) {
          const task = await queue.claim(worker);
          seen = new Date().toISOString();
          if (!task) break;
          const run: Promise<unknown> = runClaimedTask(queue, task, worker, abort.signal)
            .catch(onProblem)
            .finally(() => {
              running.delete(run);
              wake();
            });
          running.add(run);
        }
      } catch (error) {
        onProblem(error);
      }
      if (stopping) break;
      if (woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = undefined;
    }
  })();

  return {
    worker,
    lastSeen: () => seen,
    wake,
    async stop({ graceMs = 5_000 } = {}) {
      stopping = true;
      wake();
      await loop;
      await Promise.race([Promise.allSettled(running), pause(graceMs)]);
      if (running.size === 0) return;
      abort.abort(new Error("the process is stopping"));
      await Promise.race([Promise.allSettled(running), pause(1_000)]);
    },
  };
}

/** Resolves after `ms` without holding the process open. */
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
