/**
 * Glacier calls per hour per connection for 50 vaults × 1 000 jobs (issue #14), "today" (before
 * vault-sync) and with vault-sync, side by side, both counted at the embedded server
 * (emulator.stats). Goal: vault-sync ≤ 1/20 of today's.
 *
 * The account: 50 vaults, each listing 1 000 jobs — 900 finished, 100 Standard retrievals running.
 * Standard takes 4 h (the emulator's figure), so 1 250 jobs finish an hour and as many start (a
 * finished job is replaced by a new one, started outside Thaw: the sweep imports it).
 *
 * Today (the code vault-sync replaced, fd2ee81^: lib/jobs/live.ts, sync.ts, poll.ts): every process
 * with a jobs or job page open ran one watcher per connection (its tabs shared it; each replica had
 * its own). Every 30 s it ran syncJobs = listAccountJobs(): ListVaults, then every page of an
 * unfiltered ListJobs of every vault. Every 1 s tick it sent DescribeJob for each in-progress job
 * whose check was due, each job on its own backoff (2 s doubling to 5 min; its last DescribeJob sees
 * it finished). Modelled as: ONE such sync is run against the seeded account and its calls counted
 * at the emulator (× 120 an hour); DescribeJob is the old backoff stepped over a job's 4 h life,
 * times the 1 250 jobs an hour that live it. The old poller's 25-a-tick limit (90 000 an hour) is
 * above that, so the schedule is what it sent. Plan jobs described again by the plan worker are
 * left out (today's figure is, if anything, low).
 *
 * With vault-sync (lib/jobs/vault-sync.ts): MEASURED. Two replicas with the jobs page open run
 * runVaultSync through tests/support/sync-fleet.ts (every run handed to both at once), time moved by
 * hand in 10 s steps; the jobs due to finish at each step are made due in the emulator's own store
 * (it finalizes them on the next read, as it does any job), and their replacements inserted there.
 * Counted: the first run (it lists every vault unfiltered, importing the account: the cost of the
 * completed sweep that comes every 6 hours, so a sixth of it is added per hour), then one hour in
 * the steady state (12 tracking runs, 4 sweeps, the finished jobs' DescribeJobs).
 *
 * The 50 000 jobs are written straight into the emulator's SQLite store (50 000 InitiateJob calls
 * take minutes here); the vaults, archives and one template job per vault go over HTTP.
 * Runs in a child process (server modules need the react-server condition).
 * Run: npx tsx bench/sync-calls.ts, or `npm run bench -- sync-calls`.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { figuresOfChild, runBenchFile } from "./server-child";

type Figures = Record<string, number | string>;

const VAULTS = 50;
const JOBS_PER_VAULT = 1_000;
const RUNNING_PER_VAULT = 100;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** The emulator's Standard retrieval time (emulator/jobs/timing.ts). */
const JOB_LIFE_MS = 4 * HOUR;
/** Today's watcher: a full sync every 30 s (fd2ee81^ lib/jobs/live.ts SYNC_INTERVAL_MS). */
const OLD_SYNCS_PER_HOUR = HOUR / 30_000;

/** DescribeJobs the old poller (fd2ee81^ lib/jobs/poll.ts) sent over one job's life: 2 s doubling to 5 min. */
function oldDescribesPerJob(lifeMs: number): number {
  let at = 0;
  let interval: number | null = null;
  let calls = 1; // the first check, at once
  for (;;) {
    interval = interval === null ? 2_000 : Math.min(5 * MINUTE, interval * 2);
    at += interval;
    calls++;
    if (at >= lifeMs) return calls; // this one saw it finished
  }
}

/** A running job of the seeded account and when (simulated) it finishes. */
type Running = { id: string; vaultId: number; finishAt: number };

/**
 * The emulator's jobs, written in its own store: copies of one real job per vault (same archive,
 * tier, parameters), finished or running. Running ones are due in 30 days of real time, so only
 * `finishDue` ends them: it makes them due now, and the emulator finalizes them on the next read.
 */
class EmulatorJobs {
  private readonly db: BetterSqlite3.Database;
  private readonly copy: BetterSqlite3.Statement;
  private readonly makeDue: BetterSqlite3.Statement;
  running: Running[] = [];
  finished = 0;

  constructor(dataDir: string) {
    this.db = new BetterSqlite3(path.join(dataDir, "state.sqlite"));
    this.copy = this.db.prepare(`insert into jobs (id, vault_id, region, action, tier, description, sns_topic,
        archive_id, archive_size, archive_tree_hash, range_start, range_end, retrieval_bytes, params, created_at,
        created_ms, due_ms, prepared_ms, ready_ms, prepared, status, status_message, completed_ms, expires_ms,
        notified)
      select @id, vault_id, region, action, tier, description, sns_topic, archive_id, archive_size,
        archive_tree_hash, range_start, range_end, retrieval_bytes, params, @createdAt, @createdMs, @dueMs,
        prepared_ms, @dueMs, prepared, @status, @message, @completedMs, @expiresMs, 1
      from jobs where vault_id = @vaultId limit 1`);
    this.makeDue = this.db.prepare("update jobs set due_ms = @at, ready_ms = @at where id = @id");
  }

  private insert(vaultId: number, finished: boolean): string {
    const id = randomBytes(69).toString("base64url"); // 92 characters, as Glacier's
    const now = Date.now();
    this.copy.run({
      id,
      vaultId,
      createdAt: new Date(now).toISOString(),
      createdMs: now,
      dueMs: finished ? now : now + 30 * 24 * HOUR,
      status: finished ? "Succeeded" : "InProgress",
      message: finished ? "Succeeded" : null,
      completedMs: finished ? now : null,
      expiresMs: finished ? now + 30 * 24 * HOUR : null,
    });
    return id;
  }

  /** Each vault (by the emulator's vault id, holding its one template job) filled up to 1 000 jobs. */
  seed(vaultIds: readonly number[], t0: number): void {
    this.db.transaction(() => {
      // The templates (started over HTTP) finish only when finishDue says, like the rest.
      const far = Date.now() + 30 * 24 * HOUR;
      this.db.prepare("update jobs set due_ms = ?, ready_ms = ?").run(far, far);
      for (const vaultId of vaultIds) {
        const template = this.db.prepare("select id from jobs where vault_id = ?").pluck().get(vaultId);
        for (let i = 0; i < JOBS_PER_VAULT - RUNNING_PER_VAULT; i++) this.insert(vaultId, true);
        for (let k = 0; k < RUNNING_PER_VAULT; k++) {
          // Running jobs at every age: one of a vault's 100 finishes every 2.4 minutes.
          const id = k === 0 ? String(template) : this.insert(vaultId, false);
          this.running.push({ id, vaultId, finishAt: t0 + ((k + 0.5) / RUNNING_PER_VAULT) * JOB_LIFE_MS });
        }
      }
    })();
  }

  /** Jobs whose simulated finish is due by `now` become due in the emulator; each gets a successor. */
  finishDue(now: number): void {
    const due = this.running.filter((job) => job.finishAt <= now);
    if (due.length === 0) return;
    this.running = this.running.filter((job) => job.finishAt > now);
    this.db.transaction(() => {
      for (const job of due) {
        this.makeDue.run({ id: job.id, at: Date.now() - 1 });
        const id = this.insert(job.vaultId, false);
        this.running.push({ id, vaultId: job.vaultId, finishAt: job.finishAt + JOB_LIFE_MS });
      }
    })();
    this.finished += due.length;
  }

  close(): void {
    this.db.close();
  }
}

async function startSeeded(dir: string, t0: number) {
  const { startEmulator } = await import("../emulator/server");
  const { makeClient } = await import("../emulator/testing/harness");
  const { createVault, initiateJob, uploadArchive } = await import("../emulator/testing/jobs");
  const { mapBounded } = await import("../lib/aws/jobs");
  const dataDir = path.join(dir, "emulator");
  const emulator = await startEmulator({ dataDir, port: 0, log: () => undefined });
  const client = makeClient(emulator.url);
  const names = Array.from({ length: VAULTS }, (_, i) => `bench-sync-${String(i).padStart(2, "0")}`);
  await mapBounded(names, 4, async (vault) => {
    await createVault(client, vault);
    const ArchiveId = await uploadArchive(client, vault, `archive of ${vault}`);
    await initiateJob(client, vault, { Type: "archive-retrieval", ArchiveId, Tier: "Standard" });
  });
  client.destroy();
  const jobs = new EmulatorJobs(dataDir);
  const vaultIds = new BetterSqlite3(path.join(dataDir, "state.sqlite"), { readonly: true });
  const ids = vaultIds
    .prepare("select distinct vault_id from jobs order by vault_id")
    .pluck()
    .all() as number[];
  vaultIds.close();
  jobs.seed(ids, t0);
  return { emulator, jobs };
}

/** Today's watcher's 30-s sync, once, at the emulator: syncJobs listed every page of every vault. */
async function oldSyncCalls(emulator: { stats: { requests(op: string): number } }, url: string) {
  const { listAccountJobs } = await import("../lib/aws/jobs");
  const { emulatorTarget } = await import("../tests/support/emulator-target");
  const count = () => emulator.stats.requests("ListVaults") + emulator.stats.requests("ListJobs");
  const before = count();
  const { listed } = await listAccountJobs(emulatorTarget(url), {});
  const jobs = listed.reduce((sum, v) => sum + v.jobs.length, 0);
  if (jobs !== VAULTS * JOBS_PER_VAULT) throw new Error(`the account lists ${jobs} jobs`);
  return count() - before;
}

type Calls = { listJobs: number; listVaults: number; describeJob: number };

function callsOf(stats: { requests(op: string): number }): Calls {
  return {
    listJobs: stats.requests("ListJobs"),
    listVaults: stats.requests("ListVaults"),
    describeJob: stats.requests("DescribeJob"),
  };
}

const total = (c: Calls) => c.listJobs + c.listVaults + c.describeJob;

async function measure(dir: string): Promise<Figures> {
  const { createDatabase } = await import("../lib/db");
  const { emulatorTarget } = await import("../tests/support/emulator-target");
  const { SyncFleet } = await import("../tests/support/sync-fleet");
  const t0 = Math.floor(Date.now() / HOUR) * HOUR;
  const seedStarted = performance.now();
  const { emulator, jobs } = await startSeeded(dir, t0);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const database = await createDatabase({ sqlitePath: path.join(dir, "thaw.sqlite") });
  try {
    const oldSync = await oldSyncCalls(emulator, emulator.url);
    const target = emulatorTarget(emulator.url);
    // Two runners on one database (SQLite is one process's); the queue hands every run to both.
    const fleet = new SyncFleet({ connectionId: target.id, target, replicas: [database.db, database.db] });
    const onStep = (now: number) => Promise.resolve(jobs.finishDue(now));
    emulator.stats.reset();
    const started = performance.now();
    // The first run lists every vault unfiltered (tracking, sweep and completed sweep at once): what
    // every 6th hour's completed sweep costs again. Then one hour in the steady state.
    await fleet.simulate(t0, t0 + MINUTE, { watching: true, onStep });
    const first = callsOf(emulator.stats);
    const firstSeconds = (performance.now() - started) / 1000;
    await fleet.simulate(t0 + MINUTE, t0 + MINUTE + HOUR, { watching: true, onStep });
    const after = callsOf(emulator.stats);
    const simulateSeconds = (performance.now() - started) / 1000;
    const failures = fleet.outcomes.map((o) => o.report?.message).filter(Boolean);
    if (failures.length > 0) throw new Error(`a sync failed: ${String(failures[0])}`);
    const hour: Calls = {
      listJobs: after.listJobs - first.listJobs,
      listVaults: after.listVaults - first.listVaults,
      describeJob: after.describeJob - first.describeJob,
    };
    const syncTotal = total(hour) + total(first) / 6;
    const finishingPerHour = (VAULTS * RUNNING_PER_VAULT * HOUR) / JOB_LIFE_MS;
    const todayListings = OLD_SYNCS_PER_HOUR * oldSync;
    const todayDescribes = finishingPerHour * oldDescribesPerJob(JOB_LIFE_MS);
    const today = todayListings + todayDescribes;
    return {
      "jobs finished in the simulated hour and minute": jobs.finished,
      "today: one 30-s sync, ListVaults+ListJobs (measured)": oldSync,
      "today: ListVaults+ListJobs /h per replica with a page open (x 120)": todayListings,
      "today: DescribeJob /h per replica (old backoff x 1 250 jobs/h)": todayDescribes,
      "today: calls /h, 1 replica": today,
      "today: calls /h, 2 replicas": 2 * today,
      "vault-sync: ListJobs in a steady hour (measured, 2 replicas)": hour.listJobs,
      "vault-sync: ListVaults in a steady hour (measured)": hour.listVaults,
      "vault-sync: DescribeJob in a steady hour (measured)": hour.describeJob,
      "vault-sync: first run = 6-hourly completed sweep (measured calls)": total(first),
      "vault-sync: calls /h per connection (steady hour + completed sweep / 6)": round(syncTotal),
      "vault-sync / today, 1 replica (ratio, goal <= 0.05)": round(syncTotal / today, 4),
      "vault-sync / today, 2 replicas (ratio, goal <= 0.05)": round(syncTotal / (2 * today), 4),
      "seconds: seeding 50 000 jobs (setup)": round(seedSeconds),
      "seconds: the first run (importing 50 000 jobs)": round(firstSeconds),
      "seconds: the steady hour": round(simulateSeconds - firstSeconds),
    };
  } finally {
    jobs.close();
    await database.close();
    await emulator.close();
  }
}

function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** The figures, measured in a scratch directory removed afterwards. */
async function child(): Promise<Figures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "thaw-bench-sync-"));
  try {
    return await measure(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function benchSyncCalls(): Promise<Figures> {
  return figuresOfChild(__filename, []);
}

if (require.main === module) runBenchFile(child, benchSyncCalls);
