import { type Kysely } from "kysely";
import { beforeEach, expect, it } from "vitest";
import { type Database } from "@/lib/db";
import { until } from "@/tests/support/fixture-process";
import { describeEachDialect } from "@/tests/support/db";
import { testTask } from "@/tests/support/tasks";
import { startLocalRunner } from "./local-runner";
import { createTableQueue } from "./table-queue";

describeEachDialect("a process's task workers", (dialect) => {
  let db: Kysely<Database>;
  beforeEach(async () => {
    db ??= (await dialect.open()).db;
    await db.deleteFrom("tasks").execute();
  });

  it("runs a task as soon as it is enqueued, and on stop releases a run that does not end, without spending a retry", async () => {
    const started: number[] = [];
    const done: string[] = [];
    const ref: { runner?: ReturnType<typeof startLocalRunner> } = {};
    const definitions = [
      testTask("copy-finish", (payload) => {
        done.push((payload as { id: string }).id);
        return Promise.resolve();
      }),
      testTask("copy-chunk", async (_payload, context) => {
        started.push(context.attempt);
        // A long chunk: it ends only when told to stop, and leaves itself for a later run.
        await new Promise((resolve) => context.signal.addEventListener("abort", resolve));
        context.signal.throwIfAborted();
      }),
    ];
    const queue = createTableQueue({
      db,
      definitions: () => definitions,
      onEnqueued: () => ref.runner?.wake(),
    });
    // A poll far longer than the test: only the wake-up on enqueue can start the tasks.
    const runner = startLocalRunner({ queue, worker: "w", pollMs: 600_000 });
    ref.runner = runner;
    await queue.enqueue("copy-finish", { id: "quick" });
    await until(() => done.length === 1);
    await queue.enqueue("copy-chunk", { id: "long" });
    await until(() => started.length === 1);

    await runner.stop({ graceMs: 50 });
    const row = await db.selectFrom("tasks").selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: "waiting", attempt: 0, worker: null, error: null });
  });
});
