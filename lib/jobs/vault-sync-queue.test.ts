import { type Kysely } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "@/emulator/testing/harness";
import { createVault, initiateJob, uploadArchive } from "@/emulator/testing/jobs";
import { type Database } from "@/lib/db";
import { drainQueue } from "@/lib/tasks/drain";
import { type TaskQueue } from "@/lib/tasks/queue";
import { createTableQueue } from "@/lib/tasks/table-queue";
import { describeEachDialect } from "@/tests/support/db";
import { emulatorTarget } from "@/tests/support/emulator-target";
import { manualClock } from "@/tests/support/tasks";
import { listJobRows } from "./job-rows";
import { FEED_ASK_MS, requestVaultSync } from "./live";
import { vaultSyncTask } from "./vault-sync-task";

/**
 * The vault-sync task on the real task queue (lib/tasks' table queue on Thaw's database) with two
 * replicas — each with its own queue object and runner (and on PostgreSQL its own pool) — on one database,
 * both with the jobs page's feed open, over one simulated hour (a clock moved by hand). Glacier
 * calls are counted at the emulator, whose jobs run at time scale 1 (none finishes meanwhile).
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const STEP = 10_000;

type Replica = { db: Kysely<Database>; queue: TaskQueue; name: string };

describeEachDialect("vault-sync on the task queue, two replicas", (dialect) => {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator({ timeScale: 1 });
    for (const [vaultName, jobs] of [
      ["queue-a", 2],
      ["queue-b", 1],
      ["queue-c", 0],
    ] as const) {
      await createVault(t.client, vaultName);
      const archiveId = await uploadArchive(t.client, vaultName, `archive of ${vaultName}`);
      for (let i = 0; i < jobs; i++)
        await initiateJob(t.client, vaultName, { Type: "archive-retrieval", ArchiveId: archiveId });
    }
  });
  afterAll(() => t.stop());

  it("syncs the connection once per due time, whichever replica takes the task", async () => {
    const clock = manualClock(Date.parse("2026-12-07T06:00:00.000Z"));
    const target = emulatorTarget(t.emulator.url);
    // PostgreSQL: two pools, as two replicas have. SQLite is one process's database: one handle, two runners.
    const first = (await dialect.open()).db;
    const handles = [first, dialect.dialect === "postgres" ? (await dialect.open()).db : first];
    const replicas: Replica[] = handles.map((db, i) => {
      const replica: Replica = {
        db,
        name: `replica-${i}`,
        queue: createTableQueue({ db, definitions: () => [definition], now: clock.now }),
      };
      const definition = vaultSyncTask({
        db,
        now: clock.now,
        loadTarget: () => Promise.resolve(target),
        enqueue: (connectionId, startAfterSeconds) =>
          replica.queue.enqueue(
            "vault-sync",
            { connectionId },
            { singletonKey: connectionId, startAfterSeconds },
          ),
      });
      return replica;
    });
    const before = {
      list: t.emulator.stats.requests("ListJobs"),
      vaults: t.emulator.stats.requests("ListVaults"),
    };
    let ran = 0;
    const start = clock.now();
    for (let now = start; now < start + HOUR; now += STEP) {
      clock.set(now);
      if ((now - start) % FEED_ASK_MS === 0)
        for (const r of replicas)
          await requestVaultSync(target.id, {
            db: r.db,
            now: new Date(now),
            enqueue: (connectionId, startAfterSeconds) =>
              r.queue.enqueue(
                "vault-sync",
                { connectionId },
                { singletonKey: connectionId, startAfterSeconds },
              ),
          });
      const drained = await Promise.all(
        replicas.map((r) => drainQueue({ queue: r.queue, worker: r.name, budgetMs: 60_000, now: clock.now })),
      );
      ran += drained.reduce((sum, d) => sum + d.ran, 0);
      expect(drained.every((d) => d.failed === 0)).toBe(true);
    }
    // By schedule: at 0 every vault unfiltered (3 pages) and ListVaults; every 5 min the two vaults with
    // unfinished jobs (8 × 2); at 15, 30 and 45 min the InProgress sweep of all three (3 × 3, and ListVaults).
    expect(t.emulator.stats.requests("ListJobs") - before.list).toBe(3 + 8 * 2 + 3 * 3);
    expect(t.emulator.stats.requests("ListVaults") - before.vaults).toBe(4);
    expect(t.emulator.stats.requests("DescribeJob")).toBe(0);
    expect(ran).toBe(12);
    const rows = await listJobRows(target.id, { db: handles[0] });
    expect(rows.map((r) => r.status)).toEqual(["InProgress", "InProgress", "InProgress"]);
  });
});
