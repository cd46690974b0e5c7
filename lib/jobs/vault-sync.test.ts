import { randomUUID } from "node:crypto";
import { type GlacierJobDescription } from "@aws-sdk/client-glacier";
import { type Kysely } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "@/emulator/testing/harness";
import {
  createVault,
  describe as describeJob,
  initiateJob,
  uploadArchive,
  waitForJob,
} from "@/emulator/testing/jobs";
import { type Database } from "@/lib/db";
import { describeEachDialect, type DialectTarget } from "@/tests/support/db";
import { emulatorTarget } from "@/tests/support/emulator-target";
import { SyncFleet } from "@/tests/support/sync-fleet";
import { parseJobDescription } from "./job-description";
import { listJobRows } from "./job-rows";
import { applyJobNotification } from "./poll";
import { recordDescriptions } from "./tracking-store";
import { runVaultSync } from "./vault-sync";

/**
 * Tracking once per connection (issue #14), counted at the emulator over simulated time: the
 * emulator runs at time scale 1 (a Standard job takes 4 real hours), so no job finishes by itself
 * during a test, and the sync's clock is a number the test moves.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

type Calls = { listJobs: number; describeJob: number; listVaults: number };

function callsOf(t: TestEmulator): Calls {
  const { stats } = t.emulator;
  return {
    listJobs: stats.requests("ListJobs"),
    describeJob: stats.requests("DescribeJob"),
    listVaults: stats.requests("ListVaults"),
  };
}

async function callsDuring(t: TestEmulator, work: () => Promise<void>): Promise<Calls> {
  const before = callsOf(t);
  await work();
  const after = callsOf(t);
  return {
    listJobs: after.listJobs - before.listJobs,
    describeJob: after.describeJob - before.describeJob,
    listVaults: after.listVaults - before.listVaults,
  };
}

async function vaultWithJobs(t: TestEmulator, vaultName: string, jobs: number): Promise<string[]> {
  await createVault(t.client, vaultName);
  const archiveId = await uploadArchive(t.client, vaultName, `archive of ${vaultName}`);
  const ids: string[] = [];
  for (let i = 0; i < jobs; i++)
    ids.push(
      (await initiateJob(t.client, vaultName, { Type: "archive-retrieval", ArchiveId: archiveId })).jobId,
    );
  return ids;
}

/** Two database handles on PostgreSQL (two replicas); one handle shared by two runners on SQLite. */
async function replicaDatabases(dialect: DialectTarget): Promise<Kysely<Database>[]> {
  const first = (await dialect.open()).db;
  return [first, dialect.dialect === "postgres" ? (await dialect.open()).db : first];
}

describeEachDialect("vault-sync: one sync per connection", (dialect) => {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator({ timeScale: 1 });
    await vaultWithJobs(t, "sync-a", 3);
    await vaultWithJobs(t, "sync-b", 2);
    await vaultWithJobs(t, "sync-c", 0);
  });
  afterAll(() => t.stop());

  it("costs the same Glacier calls for two replicas with the jobs page open as for one, by schedule", async () => {
    const t0 = Date.parse("2026-12-07T06:00:00.000Z");
    const [db] = await replicaDatabases(dialect);
    const alone = new SyncFleet({
      connectionId: randomUUID(),
      target: emulatorTarget(t.emulator.url),
      replicas: [db as Kysely<Database>],
    });
    const one = await callsDuring(t, () => alone.simulate(t0, t0 + HOUR, { watching: true }));

    const target = emulatorTarget(t.emulator.url);
    const fleet = new SyncFleet({
      connectionId: target.id,
      target,
      replicas: await replicaDatabases(dialect),
    });
    const two = await callsDuring(t, () => fleet.simulate(t0, t0 + HOUR, { watching: true }));

    // At 0: ListVaults and one unfiltered page per vault (3), importing the 5 jobs. Then every 5 min the
    // two vaults with unfinished jobs (8 runs × 2 pages), and at 15, 30, 45 min the sweep of all three
    // vaults with statuscode=InProgress (3 × (1 ListVaults + 3 pages)).
    const bySchedule = { listJobs: 3 + 8 * 2 + 3 * 3, describeJob: 0, listVaults: 1 + 3 };
    expect(one).toEqual(bySchedule);
    expect(two).toEqual(bySchedule);
    // Twelve runs did the work; a copy of a run delivered to the other replica after the first had
    // finished found nothing due and called nothing.
    const working = fleet.outcomes.filter((o) => {
      const calls = o.report?.calls;
      return calls !== undefined && calls.listJobs + calls.listVaults + calls.describeJob > 0;
    });
    expect(working).toHaveLength(12);
    expect(fleet.outcomes.map((o) => o.report?.message ?? null).filter(Boolean)).toEqual([]);
    const rows = await listJobRows(target.id, { db: fleet.replicasDb() });
    expect(rows.map((r) => r.status)).toEqual(Array(5).fill("InProgress"));
  });

  it("imports a job started outside Thaw at the next slow sweep, and none is listed while nobody watches", async () => {
    const t0 = Date.parse("2026-12-07T08:00:00.000Z");
    const target = emulatorTarget(t.emulator.url);
    const fleet = new SyncFleet({
      connectionId: target.id,
      target,
      replicas: await replicaDatabases(dialect),
    });
    const db = fleet.replicasDb();
    let outside = "";
    await fleet.simulate(t0, t0 + 14 * MINUTE, {
      watching: true,
      onStep: async (now) => {
        if (now === t0 + MINUTE)
          outside = (await vaultWithJobs(t, `sync-d-${randomUUID().slice(0, 6)}`, 1))[0] ?? "";
      },
    });
    // Tracking lists only sync-a and sync-b: the new vault's job is not seen before the sweep.
    expect((await listJobRows(target.id, { db })).some((r) => r.jobId === outside)).toBe(false);
    await fleet.simulate(t0 + 14 * MINUTE, t0 + 16 * MINUTE, { watching: false });
    expect((await listJobRows(target.id, { db })).find((r) => r.jobId === outside)).toMatchObject({
      imported: true,
      status: "InProgress",
    });

    // Nobody watches from here: tracking goes on (5 jobs unfinished), sweeps stop.
    const quiet = await callsDuring(t, () =>
      fleet.simulate(t0 + 16 * MINUTE, t0 + 16 * MINUTE + HOUR, { watching: false }),
    );
    expect(quiet).toEqual({ listJobs: 12 * 3, describeJob: 0, listVaults: 0 });
  });

  it("an SNS completion updates the job at once: no DescribeJob, and its vault is no longer listed", async () => {
    const t0 = Date.parse("2026-12-07T10:00:00.000Z");
    const own = await startTestEmulator({ timeScale: 1 });
    try {
      const [jobId] = await vaultWithJobs(own, "sns-vault", 1);
      const target = emulatorTarget(own.emulator.url);
      const fleet = new SyncFleet({
        connectionId: target.id,
        target,
        replicas: await replicaDatabases(dialect),
      });
      const db = fleet.replicasDb();
      await fleet.simulate(t0, t0 + MINUTE, { watching: true });
      expect((await listJobRows(target.id, { db }))[0]).toMatchObject({ jobId, status: "InProgress" });

      // What Glacier would post to the topic: the job's description, finished (glacier-api.md §9).
      const described = await describeJob(own.client, "sns-vault", jobId ?? "");
      const completion = {
        ...described,
        $metadata: undefined,
        Completed: true,
        StatusCode: "Succeeded",
        StatusMessage: "Succeeded",
        CompletionDate: new Date(t0 + 2 * MINUTE).toISOString(),
      };
      await applyJobNotification(target.id, JSON.stringify(completion), {
        db,
        now: new Date(t0 + 2 * MINUTE),
      });

      const after = await callsDuring(own, () => fleet.simulate(t0 + MINUTE, t0 + HOUR, { watching: false }));
      expect(after).toEqual({ listJobs: 0, describeJob: 0, listVaults: 0 });
      expect((await listJobRows(target.id, { db }))[0]).toMatchObject({ jobId, status: "Succeeded" });
      // With nothing unfinished and nobody watching, the run that found nothing due scheduled none.
      expect(fleet.queue).toEqual([]);
    } finally {
      await own.stop();
    }
  });
});

describeEachDialect("vault-sync: DescribeJob only where ListJobs cannot answer", (dialect) => {
  let fast: TestEmulator;
  beforeAll(async () => {
    // 4 h Standard jobs take 144 ms here: they finish, and the test waits for that by asking.
    fast = await startTestEmulator({ timeScale: 100_000, minRetentionSeconds: 600 });
  });
  afterAll(() => fast.stop());

  /** Finished jobs Thaw still believes InProgress (it last saw them running). */
  async function finishedButTrackedRunning(db: Kysely<Database>, connectionId: string, count: number) {
    const vaultName = `left-${randomUUID().slice(0, 8)}`;
    const ids = await vaultWithJobs(fast, vaultName, count);
    for (const id of ids) {
      const done = await waitForJob(fast.client, vaultName, id);
      const running: GlacierJobDescription = {
        ...done,
        Completed: false,
        StatusCode: "InProgress",
        StatusMessage: null as unknown as string,
        CompletionDate: null as unknown as string,
        SHA256TreeHash: null as unknown as string,
      };
      const parsed = parseJobDescription(running);
      if (!parsed.ok) throw new Error(parsed.message);
      await recordDescriptions(connectionId, [parsed.value], { db });
    }
    return { vaultName, ids };
  }

  async function runOnce(
    db: Kysely<Database>,
    connectionId: string,
    target: ReturnType<typeof emulatorTarget>,
  ) {
    return runVaultSync(connectionId, {
      db,
      // Later than the recorded descriptions (in the same millisecond a job would count as seen in this run).
      now: new Date(Date.now() + 1000),
      loadTarget: () => Promise.resolve(target),
      schedule: () => Promise.resolve(),
    });
  }

  it("describes the one job that left the InProgress listing rather than page through the finished ones", async () => {
    const { db } = await dialect.open();
    const target = emulatorTarget(fast.emulator.url);
    const { ids } = await finishedButTrackedRunning(db, target.id, 1);
    const calls = await callsDuring(fast, async () => {
      await runOnce(db, target.id, target);
    });
    expect(calls).toEqual({ listJobs: 1, describeJob: 1, listVaults: 0 });
    expect((await listJobRows(target.id, { db })).find((r) => r.jobId === ids[0])?.status).toBe("Succeeded");
  });

  it("lists the finished jobs (one page) instead of describing three that left", async () => {
    const { db } = await dialect.open();
    const target = emulatorTarget(fast.emulator.url);
    const { ids } = await finishedButTrackedRunning(db, target.id, 3);
    const calls = await callsDuring(fast, async () => {
      await runOnce(db, target.id, target);
    });
    expect(calls).toEqual({ listJobs: 2, describeJob: 0, listVaults: 0 });
    const rows = await listJobRows(target.id, { db });
    expect(ids.map((id) => rows.find((r) => r.jobId === id)?.status)).toEqual(Array(3).fill("Succeeded"));
  });
});
