/**
 * Test helpers for lib/tasks (imported by *.test.ts only): a task definition with test defaults, a
 * clock moved by hand, and a handler that records every run.
 */
import { type AnyTaskDefinition } from "@/lib/tasks/registry";
import { type TaskContext, type TaskDefinition, type TaskName } from "@/lib/tasks";

export function testTask(
  name: TaskName,
  run: (payload: unknown, context: TaskContext) => Promise<void>,
  overrides: Partial<TaskDefinition<unknown>> = {},
): AnyTaskDefinition {
  return { name, run, retryLimit: 2, retryDelaySeconds: 10, expireInSeconds: 60, ...overrides };
}

export type ManualClock = { now: () => number; advance(seconds: number): void; set(ms: number): void };

export function manualClock(start = Date.parse("2026-12-01T00:00:00.000Z")): ManualClock {
  let current = start;
  return {
    now: () => current,
    advance(seconds) {
      current += seconds * 1000;
    },
    set(ms) {
      current = ms;
    },
  };
}

/** Runs of a handler, by payload id; `fail` makes the next runs throw. */
export function recordingHandler() {
  const runs: { id: string; attempt: number }[] = [];
  let failing = false;
  return {
    runs,
    failWith(on: boolean) {
      failing = on;
    },
    run: async (payload: unknown, context: TaskContext) => {
      runs.push({ id: (payload as { id: string }).id, attempt: context.attempt });
      // A real handler awaits I/O: give a concurrent claimer its chance to interleave.
      await new Promise((resolve) => setImmediate(resolve));
      if (failing) throw new Error(`run ${runs.length} failed`);
    },
  };
}
