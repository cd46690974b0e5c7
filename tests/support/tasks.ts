/**
 * Test helpers for lib/tasks (imported by *.test.ts only): a task definition with test defaults, a
 * clock moved by hand, and a handler that records every run.
 */
import { createDatabase } from "@/lib/db";
import { type TaskContext, type TaskDefinition, type TaskName } from "@/lib/tasks";
import { createBossQueue } from "@/lib/tasks/boss-queue";
import { type TaskQueue } from "@/lib/tasks/queue";
import { type AnyTaskDefinition } from "@/lib/tasks/registry";
import { createTableQueue } from "@/lib/tasks/table-queue";

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

export type TaskKind = "pg-boss" | "in-process";

/**
 * A queue of either kind on a PostgreSQL database, started, as a replica would have it (pg-boss's
 * supervisor every second, so a silent task is taken back soon after its heartbeat lapses).
 */
export async function queueForTest(
  kind: TaskKind,
  databaseUrl: string,
  definitions: AnyTaskDefinition[],
): Promise<TaskQueue & { stop(): Promise<void> }> {
  if (kind === "pg-boss") {
    const queue = createBossQueue({
      connectionString: databaseUrl,
      definitions: () => definitions,
      superviseIntervalSeconds: 1,
    });
    await queue.start();
    return queue;
  }
  const database = await createDatabase({ databaseUrl });
  const queue = createTableQueue({ db: database.db, definitions: () => definitions });
  return { ...queue, stop: () => database.close() };
}

/** copy-chunk as the SIGKILL tests define it in both processes: a heartbeat of 10 s (pg-boss's least). */
export function hangingChunkTask(onRun: (context: TaskContext) => void, hang = true): AnyTaskDefinition {
  return testTask(
    "copy-chunk",
    async (_payload, context) => {
      onRun(context);
      if (hang) await new Promise(() => undefined);
    },
    { heartbeatSeconds: 10, expireInSeconds: 300, retryDelaySeconds: 1, retryLimit: 3 },
  );
}
