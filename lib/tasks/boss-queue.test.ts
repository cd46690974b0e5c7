import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { type ThawDatabase } from "@/lib/db";
import { describePostgres } from "@/tests/support/db";
import { groupScenario, keyPolicyScenario } from "@/tests/support/task-scenarios";
import { recordingHandler, testTask } from "@/tests/support/tasks";
import { type BossQueue, createBossQueue } from "./boss-queue";
import { type ClaimedTask } from "./queue";
import { type AnyTaskDefinition } from "./registry";

describePostgres("pg-boss task queue", (target) => {
  let database: ThawDatabase;
  let queue: BossQueue;
  const definitions: AnyTaskDefinition[] = [];
  const handler = recordingHandler();

  beforeAll(async () => {
    database = await target.open();
    definitions.push(
      testTask("copy-chunk", handler.run, { retryLimit: 2, retryDelaySeconds: 10, groupConcurrency: 2 }),
      testTask("plan-initiate", handler.run, { policy: "singleton" }),
      testTask("vault-sync", handler.run, { policy: "stately" }),
      testTask("copy-finish", handler.run),
    );
    queue = createBossQueue({
      connectionString: target.options().databaseUrl ?? "",
      definitions: () => definitions,
    });
    await queue.start();
  });
  afterAll(() => queue.stop());
  beforeEach(() => sql`delete from pgboss.job`.execute(database.db));

  /** Moves a task's retry to now: pg-boss's clock is the database's, and the test does not wait for it. */
  const makeDue = (id: string) =>
    sql`update pgboss.job set start_after = now() where id = ${id}::uuid`.execute(database.db);
  const delayOf = async (id: string) => {
    const { rows } = await sql<{
      seconds: number;
    }>`select extract(epoch from start_after - now())::float8 as seconds
      from pgboss.job where id = ${id}::uuid`.execute(database.db);
    return Number(rows[0]?.seconds);
  };

  it("retries a failing task with exponential backoff, then parks it with its error; a retry by hand runs it again", async () => {
    await queue.enqueue("copy-chunk", { id: "a" }, { groupId: "plan-1" });
    const first = (await queue.claim("w")) as ClaimedTask;
    expect(first).toMatchObject({ name: "copy-chunk", payload: { id: "a" }, attempt: 1 });
    await queue.fail(first, "w", "run 1 failed");
    expect(await queue.claim("w")).toBeUndefined();
    const firstDelay = await delayOf(first.id);
    await makeDue(first.id);
    const second = (await queue.claim("w")) as ClaimedTask;
    expect(second.attempt).toBe(2);
    await queue.fail(second, "w", "run 2 failed");
    const secondDelay = await delayOf(first.id);
    // retryDelay 10 s, doubled per retry; pg-boss spreads each between it and its double (jitter).
    expect(firstDelay).toBeGreaterThan(9);
    expect(firstDelay).toBeLessThanOrEqual(20);
    expect(secondDelay).toBeGreaterThan(19);
    expect(secondDelay).toBeLessThanOrEqual(40);
    await makeDue(first.id);
    const third = (await queue.claim("w")) as ClaimedTask;
    await queue.fail(third, "w", "run 3 failed");
    await makeDue(first.id);
    expect(await queue.claim("w")).toBeUndefined();

    const parked = await queue.parked({ groupId: "plan-1" });
    expect(parked).toEqual([
      { taskId: first.id, name: "copy-chunk", error: "run 3 failed", failedAt: expect.any(String) as string },
    ]);
    expect(await queue.parked({ groupId: "plan-2" })).toEqual([]);
    const health = await queue.health();
    expect(health.perTask["copy-chunk"]).toEqual({ waiting: 0, active: 0, failed: 1 });
    expect(health.failedLastHour).toBe(1);

    await queue.retryParked(first.id);
    const again = (await queue.claim("w")) as ClaimedTask;
    expect(again).toMatchObject({ id: first.id, attempt: 4 });
    await queue.complete(again, "w");
    expect(await queue.parked({})).toEqual([]);
    await expect(queue.retryParked(first.id)).rejects.toThrow(/no longer waiting/);
    await expect(queue.retryParked("not-a-task")).rejects.toThrow(/no longer waiting/);
  });

  it("keeps one queued-or-active task per key (singleton) and one queued plus one active (stately)", () =>
    keyPolicyScenario(queue));

  it("runs at most groupConcurrency tasks of one group at once, across the fleet", () =>
    groupScenario(queue));

  it("queues a task enqueued in Thaw's transaction only if the transaction commits", async () => {
    await expect(
      database.db.transaction().execute(async (trx) => {
        await queue.enqueue("copy-finish", { id: "rolled-back" }, {}, trx);
        throw new Error("the plan's write failed");
      }),
    ).rejects.toThrow(/plan's write failed/);
    await database.db
      .transaction()
      .execute((trx) => queue.enqueue("copy-finish", { id: "committed" }, {}, trx));
    const claimed = await queue.claim("w");
    expect(claimed?.payload).toEqual({ id: "committed" });
    expect(await queue.claim("w")).toBeUndefined();
  });

  it("reports this process among the workers, and the oldest waiting task", async () => {
    await queue.enqueue("copy-finish", { id: "waiting" });
    const health = await queue.health();
    expect(health.perTask["copy-finish"]).toEqual({ waiting: 1, active: 0, failed: 0 });
    expect(health.oldestWaitingSeconds).toBeGreaterThanOrEqual(0);
    const workers = await queue.workers();
    expect(workers.map((w) => w.host)).toContainEqual(expect.stringContaining(`(pid ${process.pid})`));
  });
});
