import os from "node:os";

export type SignalShutdownOptions = {
  /** The longest a signal waits for `stop` before the process goes on exiting (default 5 s). */
  graceMs?: number;
  signals?: readonly NodeJS.Signals[];
  /** Told when `stop` fails or overruns; the exit goes ahead either way. */
  onProblem?: (problem: string) => void;
};

// One set of handlers per process, even if startup runs twice (dev reloads).
const slot = globalThis as { __thawSignalShutdown?: true | undefined };

/**
 * Runs `stop` (bounded) when the process is told to stop, before whoever was listening already.
 * Next's standalone server registers its own SIGTERM/SIGINT cleanup before instrumentation runs;
 * that cleanup closes the HTTP server and calls process.exit, which would cut an async `stop` short.
 * So those listeners are taken off, and called once `stop` settles or `graceMs` passes. With no one
 * else listening the signal is raised again, so the process ends as it would have without us.
 */
export function runBeforeExitSignals(stop: () => Promise<void>, options: SignalShutdownOptions = {}): void {
  if (slot.__thawSignalShutdown) return;
  slot.__thawSignalShutdown = true;
  const { graceMs = 5_000, signals = ["SIGTERM", "SIGINT"], onProblem = () => undefined } = options;
  let stopping: Promise<void> | undefined;
  for (const signal of signals) {
    const earlier = process.listeners(signal);
    for (const listener of earlier) process.removeListener(signal, listener);
    const handler = () => {
      stopping ??= bounded(stop, graceMs, onProblem);
      void stopping.then(() => {
        if (earlier.length > 0) {
          for (const listener of earlier) listener(signal);
          return;
        }
        process.removeListener(signal, handler);
        process.kill(process.pid, signal);
        // Should the default action not end the process (a handler added meanwhile), exit as a shell would report it.
        setTimeout(() => process.exit(128 + (os.constants.signals[signal] ?? 0)), 100).unref();
      });
    };
    process.on(signal, handler);
  }
}

/** Waits for `work`, but no longer than `ms`: true when it ended in time (a rejection is rethrown). */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function bounded(
  stop: () => Promise<void>,
  ms: number,
  onProblem: (problem: string) => void,
): Promise<void> {
  try {
    if (!(await settlesWithin(stop(), ms))) onProblem(`shutdown took longer than ${ms} ms; exiting anyway`);
  } catch (error) {
    onProblem(error instanceof Error ? error.message : String(error));
  }
}
