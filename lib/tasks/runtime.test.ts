import { afterAll, describe, expect, it } from "vitest";
import { closeDatabase, getDatabase } from "@/lib/db";
import { temporaryDirectory } from "@/tests/support/db";
import { until } from "@/tests/support/fixture-process";
import { testTask } from "@/tests/support/tasks";
import { closeTaskQueue, defineTask, enqueueTask, queueHealth, startTaskWorkers } from "./index";

// getConfig() reads the environment once per module graph, and vitest gives each file its own.
const dir = temporaryDirectory();
process.env.THAW_DATA_DIR = dir.path;
delete process.env.DATABASE_URL;
delete process.env.THAW_WORKER;

describe("the process's task workers on SQLite (THAW_WORKER=in-process)", () => {
  afterAll(async () => {
    await closeTaskQueue();
    await closeDatabase();
    dir.remove();
  });

  it("run what is enqueued, count this process as the worker, and stop when told", async () => {
    const done: string[] = [];
    defineTask(
      testTask("inventory-import", (payload) => {
        done.push((payload as { id: string }).id);
        return Promise.resolve();
      }),
    );
    const workers = startTaskWorkers();
    await enqueueTask("inventory-import", { id: "first" });
    const { db } = await getDatabase();
    await db
      .transaction()
      .execute((trx) => enqueueTask("inventory-import", { id: "in-a-transaction" }, {}, trx));
    await until(() => done.length === 2);
    expect(done.sort()).toEqual(["first", "in-a-transaction"]);
    const health = await queueHealth();
    expect(health.workers).toEqual([
      {
        id: expect.any(String) as string,
        host: expect.stringContaining(`(pid ${process.pid})`) as string,
        lastSeen: expect.any(String) as string,
      },
    ]);
    expect(health.perTask["inventory-import"]).toEqual({ waiting: 0, active: 0, failed: 0 });

    await workers.stop({ graceMs: 1_000 });
    await enqueueTask("inventory-import", { id: "after-stop" });
    expect((await queueHealth()).workers).toEqual([]);
    expect((await queueHealth()).perTask["inventory-import"].waiting).toBe(1);
  });
});
