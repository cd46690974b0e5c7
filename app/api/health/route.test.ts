import { afterAll, describe, expect, it } from "vitest";
import { closeDatabase } from "@/lib/db";
import { closeTaskQueue, defineTask, enqueueTask } from "@/lib/tasks";
import { temporaryDirectory } from "@/tests/support/db";
import { testTask } from "@/tests/support/tasks";
import { GET } from "./route";

// getConfig() reads the environment once per module graph, and vitest gives each file its own.
const dir = temporaryDirectory();
process.env.THAW_DATA_DIR = dir.path;
delete process.env.DATABASE_URL;

describe("GET /api/health", () => {
  afterAll(async () => {
    await closeTaskQueue();
    await closeDatabase();
    dir.remove();
  });

  it("reports the database and two figures of the task queue, nothing more", async () => {
    defineTask(testTask("vault-sync", () => Promise.resolve()));
    const empty = await GET();
    expect(empty.status).toBe(200);
    expect(await empty.json()).toEqual({
      status: "ok",
      database: "sqlite",
      queue: { oldestWaitingSeconds: null, failedLastHour: 0 },
    });

    await enqueueTask("vault-sync", { connectionId: "secret-looking-connection-id" });
    const waiting = await GET();
    const body = (await waiting.json()) as { queue: { oldestWaitingSeconds: number } };
    expect(body.queue.oldestWaitingSeconds).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(body)).not.toMatch(/vault-sync|secret-looking/);
  });
});
