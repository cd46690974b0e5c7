import { afterEach, expect, it } from "vitest";
import { describePostgres } from "@/tests/support/db";
import { runScript, until, type Child } from "@/tests/support/fixture-process";
import { hangingChunkTask, queueForTest, type TaskKind } from "@/tests/support/tasks";
import { type LocalRunner, startLocalRunner } from "./local-runner";

// Several processes on one PostgreSQL database, for both queues: a replica killed mid-task.
for (const kind of ["pg-boss", "in-process"] as TaskKind[]) {
  describePostgres(`task replicas on one PostgreSQL [${kind}]`, (target) => {
    const cleanup: (() => Promise<unknown>)[] = [];
    afterEach(async () => {
      for (const step of cleanup.splice(0).reverse()) await step();
    });

    it("retries elsewhere a task whose replica was SIGKILLed mid-run", { timeout: 90_000 }, async () => {
      const databaseUrl = target.options().databaseUrl ?? "";
      await target.open(); // Thaw's migrations (the in-process queue's table)
      const runs: { taskId: string; attempt: number }[] = [];
      const queue = await queueForTest(kind, databaseUrl, [
        hangingChunkTask((context) => runs.push({ taskId: context.taskId, attempt: context.attempt }), false),
      ]);
      cleanup.push(() => queue.stop());
      const child: Child = runScript("tests/support/task-process.ts", JSON.stringify({ databaseUrl, kind }));
      cleanup.push(async () => {
        child.process.kill("SIGKILL");
        await child.exited;
      });
      await until(() => child.lines.includes("ready"), 30_000);

      await queue.enqueue("copy-chunk", { id: "chunk-1" });
      await until(() => child.lines.some((line) => line.startsWith("started ")), 30_000);
      const [, taskId, attempt] = (child.lines.find((line) => line.startsWith("started ")) ?? "").split(" ");
      expect(attempt).toBe("1");
      child.process.kill("SIGKILL");
      expect((await child.exited).signal).toBe("SIGKILL");

      // This process now runs workers too: it takes the task once the dead one's heartbeat lapses.
      const runner: LocalRunner = startLocalRunner({ queue, worker: "survivor", pollMs: 200 });
      cleanup.push(() => runner.stop({ graceMs: 1_000 }));
      await until(() => runs.length > 0, 60_000);
      expect(runs).toEqual([{ taskId, attempt: 2 }]);
      await until(async () => (await queue.health()).perTask["copy-chunk"].active === 0, 10_000);
      const health = await queue.health();
      expect(health.perTask["copy-chunk"]).toEqual({ waiting: 0, active: 0, failed: 0 });
    });
  });
}
