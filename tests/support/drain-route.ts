/**
 * The drain route's suite (imported by its *.test.ts files), run once per queue: each file sets the
 * environment (SQLite or DATABASE_URL) before the first getConfig(), as a deployment would.
 */
import { afterAll, expect, it } from "vitest";
import { GET, POST } from "@/app/api/tasks/drain/route";
import { closeDatabase } from "@/lib/db";
import { closeTaskQueue, defineTask, enqueueTask, startTaskWorkers } from "@/lib/tasks";
import { recordingHandler, testTask } from "@/tests/support/tasks";

export const DRAIN_SECRET = "a-drain-secret-for-tests";

export function drainRouteSuite(): void {
  afterAll(async () => {
    await closeTaskQueue();
    await closeDatabase();
  });

  const call = (authorization?: string, method: "GET" | "POST" = "GET") => {
    const request = new Request("http://thaw.test/api/tasks/drain", {
      method,
      headers: authorization ? { authorization } : {},
    });
    return method === "GET" ? GET(request) : POST(request);
  };

  it("answers 401 without the secret, with a wrong one, or with it outside a bearer token", async () => {
    for (const authorization of [undefined, "Bearer wrong", DRAIN_SECRET, `Bearer ${DRAIN_SECRET}x`]) {
      const response = await call(authorization);
      expect(response.status).toBe(401);
      expect(JSON.stringify(await response.json())).not.toContain(DRAIN_SECRET);
    }
  });

  it(
    "runs the queued tasks, and two calls at once never run one task twice",
    { timeout: 60_000 },
    async () => {
      const handler = recordingHandler();
      defineTask(testTask("copy-chunk", handler.run));
      // THAW_WORKER=external: no worker of this process takes them; only the drains below run them.
      const workers = startTaskWorkers();
      for (let i = 0; i < 30; i += 1) await enqueueTask("copy-chunk", { id: `t${i}` });
      const responses = await Promise.all([
        call(`Bearer ${DRAIN_SECRET}`),
        call(`Bearer ${DRAIN_SECRET}`, "POST"),
      ]);
      const results = (await Promise.all(responses.map((r) => r.json()))) as {
        ran: number;
        failed: number;
      }[];
      expect(responses.map((r) => r.status)).toEqual([200, 200]);
      expect(results.reduce((sum, r) => sum + r.ran, 0)).toBe(30);
      const ids = handler.runs.map((r) => r.id);
      expect(ids).toHaveLength(30);
      expect(new Set(ids).size).toBe(30);
      const again = await call(`Bearer ${DRAIN_SECRET}`);
      expect(await again.json()).toEqual({ ran: 0, failed: 0 });
      await workers.stop();
    },
  );
}
