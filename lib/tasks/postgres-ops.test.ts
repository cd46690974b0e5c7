import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createDatabase } from "@/lib/db";
import { migrations } from "@/lib/db/migrations";
import { startCluster } from "@/tests/global-setup";
import { describePostgres } from "@/tests/support/db";
import { runScript, until } from "@/tests/support/fixture-process";
import { queueForTest, testTask, type TaskKind } from "@/tests/support/tasks";
import { createBossQueue } from "./boss-queue";
import { startLocalRunner } from "./local-runner";
import { type AnyTaskDefinition } from "./registry";

async function retried(step: () => Promise<void>, attempts = 3): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await step();
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
}

const definitions: AnyTaskDefinition[] = [testTask("copy-finish", () => Promise.resolve())];

describePostgres("replicas starting at once on an empty PostgreSQL", (target) => {
  it(
    "both come up: Thaw's migrations run once, pg-boss's schema is installed once",
    { timeout: 60_000 },
    async () => {
      const databaseUrl = target.options().databaseUrl ?? "";
      const replica = async () => {
        const database = await createDatabase({ databaseUrl });
        const queue = createBossQueue({ connectionString: databaseUrl, definitions: () => definitions });
        await queue.start();
        return { database, queue };
      };
      const [a, b] = await Promise.all([replica(), replica()]);
      expect([...a.database.applied, ...b.database.applied].sort()).toEqual(Object.keys(migrations).sort());
      await a.queue.enqueue("copy-finish", { id: "x" });
      expect((await b.queue.claim("b"))?.payload).toEqual({ id: "x" });
      for (const { database, queue } of [a, b]) {
        await queue.stop();
        await database.close();
      }
    },
  );
});

describePostgres("two replica processes starting at once on an empty PostgreSQL", (target) => {
  it("both come up, and the migrations ran once between them", { timeout: 90_000 }, async () => {
    const databaseUrl = target.options().databaseUrl ?? "";
    const replicas = [0, 1].map(() =>
      runScript("tests/support/task-process.ts", JSON.stringify({ databaseUrl, kind: "pg-boss" })),
    );
    try {
      await until(() => replicas.every((child) => child.lines.includes("ready")), 60_000);
      const applied = replicas.flatMap((child) => {
        const line = child.lines.find((l) => l.startsWith("migrated ")) ?? "migrated []";
        return JSON.parse(line.slice("migrated ".length)) as string[];
      });
      expect(applied.sort()).toEqual(Object.keys(migrations).sort());
    } finally {
      for (const child of replicas) child.process.kill("SIGKILL");
      await Promise.all(replicas.map((child) => child.exited));
    }
  });
});

/** A PostgreSQL server of this suite's own, so stopping it disturbs no other suite. */
describePostgres("PostgreSQL restarted mid-run", () => {
  let cluster: Awaited<ReturnType<typeof startCluster>>;
  beforeAll(async () => {
    cluster = await startCluster();
  }, 60_000);
  afterAll(() => cluster.stop());

  for (const kind of ["pg-boss", "in-process"] as TaskKind[]) {
    it(
      `[${kind}] the workers carry on once it is back, and the run in flight completes`,
      { timeout: 90_000 },
      async () => {
        const name = `restart_${kind.replace("-", "_")}`;
        const admin = new pg.Client({ connectionString: cluster.url });
        await admin.connect();
        await admin.query(`create database ${name}`);
        await admin.end();
        const url = new URL(cluster.url);
        url.pathname = `/${name}`;
        const databaseUrl = url.toString();
        const thaw = await createDatabase({ databaseUrl });

        const done = new Set<string>();
        let release: () => void = () => undefined;
        const held = new Promise<void>((resolve) => (release = resolve));
        let inFlight = false;
        const queue = await queueForTest(kind, databaseUrl, [
          testTask("copy-finish", async (payload) => {
            const { id } = payload as { id: string };
            if (id === "in-flight") {
              inFlight = true;
              await held;
            }
            done.add(id);
          }),
        ]);
        let problems = 0;
        const runner = startLocalRunner({
          queue,
          worker: "w",
          pollMs: 100,
          onProblem: () => (problems += 1),
        });
        try {
          for (const id of ["a", "b", "in-flight"]) await queue.enqueue("copy-finish", { id });
          await until(() => done.has("a") && done.has("b") && inFlight, 20_000);

          cluster.pause();
          await until(() => problems > 0, 20_000); // a claim failed: the runner noticed
          cluster.resume();
          release();

          // A pooled connection that died with the server fails its next query once (the pool then drops
          // it): a request enqueueing right now may see that error, and retrying is the caller's part.
          for (const id of ["c", "d"]) await retried(() => queue.enqueue("copy-finish", { id }));
          await until(() => done.size === 5, 60_000);
          await until(async () => (await queue.health()).perTask["copy-finish"].active === 0, 20_000);
          expect((await queue.health()).perTask["copy-finish"]).toEqual({ waiting: 0, active: 0, failed: 0 });
        } finally {
          await runner.stop({ graceMs: 1_000 });
          await queue.stop();
          await thaw.close();
        }
      },
    );
  }
});
