import { type Kysely } from "kysely";
import { beforeEach, expect, it } from "vitest";
import { type Database } from "@/lib/db";
import { describeEachDialect } from "@/tests/support/db";
import { groupScenario, keyPolicyScenario } from "@/tests/support/task-scenarios";
import { manualClock, recordingHandler, testTask } from "@/tests/support/tasks";
import { drainQueue } from "./drain";
import { type ClaimedTask } from "./queue";
import { type AnyTaskDefinition } from "./registry";
import { createTableQueue } from "./table-queue";

describeEachDialect("in-process task queue", (dialect) => {
  let db: Kysely<Database>;
  beforeEach(async () => {
    db ??= (await dialect.open()).db;
    await db.deleteFrom("tasks").execute();
  });

  const queueOf = (definitions: AnyTaskDefinition[], clock = manualClock()) =>
    createTableQueue({ db, definitions: () => definitions, now: clock.now });
  const drain = (queue: ReturnType<typeof queueOf>, clock = manualClock()) =>
    drainQueue({ queue, worker: "drain", budgetMs: 30_000, concurrency: 1, now: clock.now });

  it("retries a failing task with exponential backoff, then parks it with its error; a retry by hand runs it again", async () => {
    const clock = manualClock();
    const handler = recordingHandler();
    handler.failWith(true);
    const queue = queueOf(
      [testTask("copy-chunk", handler.run, { retryLimit: 2, retryDelaySeconds: 10 })],
      clock,
    );
    await queue.enqueue("copy-chunk", { id: "a" }, { groupId: "plan-1" });

    expect(await drain(queue, clock)).toEqual({ ran: 1, failed: 1 });
    clock.advance(9); // first retry waits 10 s
    expect(await drain(queue, clock)).toEqual({ ran: 0, failed: 0 });
    clock.advance(1);
    expect(await drain(queue, clock)).toEqual({ ran: 1, failed: 1 });
    clock.advance(19); // the second waits 20 s
    expect(await drain(queue, clock)).toEqual({ ran: 0, failed: 0 });
    clock.advance(1);
    expect(await drain(queue, clock)).toEqual({ ran: 1, failed: 1 });
    clock.advance(3600);
    expect(await drain(queue, clock)).toEqual({ ran: 0, failed: 0 });
    expect(handler.runs.map((r) => r.attempt)).toEqual([1, 2, 3]);

    const parked = await queue.parked({ groupId: "plan-1" });
    expect(parked).toEqual([
      {
        taskId: expect.any(String) as string,
        name: "copy-chunk",
        error: "run 3 failed",
        failedAt: expect.any(String) as string,
      },
    ]);
    expect(await queue.parked({ groupId: "plan-2" })).toEqual([]);
    const health = await queue.health();
    expect(health.perTask["copy-chunk"]).toEqual({ waiting: 0, active: 0, failed: 1 });

    handler.failWith(false);
    await queue.retryParked(parked[0]?.taskId ?? "");
    expect(await drain(queue, clock)).toEqual({ ran: 1, failed: 0 });
    expect(handler.runs.at(-1)).toEqual({ id: "a", attempt: 1 });
    expect(await queue.parked({})).toEqual([]);
    await expect(queue.retryParked(parked[0]?.taskId ?? "")).rejects.toThrow(/no longer waiting/);
  });

  const policies = () =>
    queueOf([
      testTask("plan-initiate", () => Promise.resolve(), { policy: "singleton" }),
      testTask("vault-sync", () => Promise.resolve(), { policy: "stately" }),
      testTask("copy-chunk", () => Promise.resolve(), { groupConcurrency: 2 }),
    ]);

  it("keeps one queued-or-active task per key (singleton) and one queued plus one active (stately)", () =>
    keyPolicyScenario(policies()));

  it("runs at most groupConcurrency tasks of one group at once", () => groupScenario(policies()));

  it("takes back a task whose runner stopped heartbeating and lets another run it; the first one's late word is ignored", async () => {
    const clock = manualClock();
    const definitions = [
      testTask("copy-chunk", () => Promise.resolve(), { heartbeatSeconds: 10, expireInSeconds: 600 }),
    ];
    const runnerA = queueOf(definitions, clock);
    const runnerB = queueOf(definitions, clock);
    await runnerA.enqueue("copy-chunk", { id: "c" });
    const held = (await runnerA.claim("A")) as ClaimedTask;
    clock.advance(8);
    expect(await runnerA.heartbeat(held, "A")).toBe(true);
    clock.advance(8); // 16 s after the claim, 8 s after the heartbeat: still A's
    expect(await runnerB.claim("B")).toBeUndefined();
    clock.advance(3); // 11 s of silence: A is presumed dead, and that run counts as a failed one
    expect(await runnerB.claim("B")).toBeUndefined();
    clock.advance(10); // the first retry's delay
    const retaken = (await runnerB.claim("B")) as ClaimedTask;
    expect(retaken).toMatchObject({ id: held.id, attempt: 2 });
    expect(await runnerA.heartbeat(held, "A")).toBe(false);
    await runnerA.complete(held, "A");
    await runnerA.fail(held, "A", "late");
    const row = await db.selectFrom("tasks").selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: "active", worker: "B", attempt: 2 });
    expect(row.error).toMatch(/not heard from within 10 s/);
    await runnerB.complete(retaken, "B");
    expect(await db.selectFrom("tasks").selectAll().execute()).toEqual([]);
  });

  it("holds a delayed task until its time", async () => {
    const clock = manualClock();
    const queue = queueOf([testTask("plan-initiate", () => Promise.resolve())], clock);
    await queue.enqueue("plan-initiate", { id: "later" }, { startAfterSeconds: 30 });
    expect(await queue.claim("w")).toBeUndefined();
    expect((await queue.health()).oldestWaitingSeconds).toBeNull();
    clock.advance(45);
    expect((await queue.health()).oldestWaitingSeconds).toBe(15);
    expect((await queue.claim("w"))?.payload).toEqual({ id: "later" });
  });

  it("queues a task enqueued in a transaction only if the transaction commits", async () => {
    const queue = queueOf([testTask("copy-finish", () => Promise.resolve())]);
    await expect(
      db.transaction().execute(async (trx) => {
        await queue.enqueue("copy-finish", { id: "rolled-back" }, {}, trx);
        throw new Error("the plan's write failed");
      }),
    ).rejects.toThrow(/plan's write failed/);
    await db.transaction().execute((trx) => queue.enqueue("copy-finish", { id: "committed" }, {}, trx));
    const rows = await db.selectFrom("tasks").select("payload").execute();
    expect(rows.map((r) => JSON.parse(r.payload) as unknown)).toEqual([{ id: "committed" }]);
  });
});
