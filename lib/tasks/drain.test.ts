import { type Kysely } from "kysely";
import { beforeEach, expect, it } from "vitest";
import { type Database } from "@/lib/db";
import { describeEachDialect } from "@/tests/support/db";
import { manualClock, recordingHandler, testTask } from "@/tests/support/tasks";
import { drainQueue } from "./drain";
import { createTableQueue } from "./table-queue";

describeEachDialect("draining the in-process queue", (dialect) => {
  let db: Kysely<Database>;
  let other: Kysely<Database>;
  beforeEach(async () => {
    db ??= (await dialect.open()).db;
    // PostgreSQL: a second pool, as two drain functions would have. SQLite is one process's database.
    other ??= dialect.dialect === "postgres" ? (await dialect.open()).db : db;
    await db.deleteFrom("tasks").execute();
  });

  it("never runs one task twice when two drains run at once", async () => {
    const handler = recordingHandler();
    const definitions = [testTask("copy-chunk", handler.run)];
    const first = createTableQueue({ db, definitions: () => definitions });
    const second = createTableQueue({ db: other, definitions: () => definitions });
    for (let i = 0; i < 40; i += 1) await first.enqueue("copy-chunk", { id: `t${i}` });
    const [a, b] = await Promise.all([
      drainQueue({ queue: first, worker: "drain-a", budgetMs: 30_000, concurrency: 3 }),
      drainQueue({ queue: second, worker: "drain-b", budgetMs: 30_000, concurrency: 3 }),
    ]);
    expect(a.ran + b.ran).toBe(40);
    expect(a.failed + b.failed).toBe(0);
    const ids = handler.runs.map((r) => r.id);
    expect(new Set(ids).size).toBe(40);
    expect(ids).toHaveLength(40);
    expect(await db.selectFrom("tasks").selectAll().execute()).toEqual([]);
  });

  it("takes no new task once its budget is spent (counted on a clock the tasks move)", async () => {
    const clock = manualClock();
    const ran: string[] = [];
    const definitions = [
      testTask("copy-chunk", (payload) => {
        ran.push((payload as { id: string }).id);
        clock.advance(10); // each task takes 10 s
        return Promise.resolve();
      }),
    ];
    const queue = createTableQueue({ db, definitions: () => definitions, now: clock.now });
    for (let i = 0; i < 10; i += 1) await queue.enqueue("copy-chunk", { id: `t${i}` });
    const result = await drainQueue({
      queue,
      worker: "drain",
      budgetMs: 35_000,
      concurrency: 1,
      now: clock.now,
    });
    // Taken at 0, 10, 20 and 30 s; at 40 s the 35 s budget is spent.
    expect(result).toEqual({ ran: 4, failed: 0 });
    expect(ran).toEqual(["t0", "t1", "t2", "t3"]);
    const left = await db.selectFrom("tasks").select("state").execute();
    expect(left.map((r) => r.state)).toEqual(Array(6).fill("waiting"));
  });

  it("runs the tasks a finished task queued, within the same drain", async () => {
    const definitions = [
      testTask("copy-chunk", async () => {
        await queue.enqueue("copy-finish", { id: "finish" });
      }),
      testTask("copy-finish", () => Promise.resolve()),
    ];
    const queue = createTableQueue({ db, definitions: () => definitions });
    await queue.enqueue("copy-chunk", { id: "chunk" });
    expect(await drainQueue({ queue, worker: "drain", budgetMs: 30_000 })).toEqual({ ran: 2, failed: 0 });
  });
});
