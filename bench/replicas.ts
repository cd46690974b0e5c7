/**
 * Copy throughput of one plan with 1, 2 and 3 replicas (issue #14), in a child process (server
 * modules need the react-server condition). Each replica is a process running the real task workers
 * (tests/support/shutdown-fixture.ts's `worker` mode, as lib/startup.ts wires them) on one PostgreSQL
 * database, pg-boss scheduling the plan's chunks across them; the embedded server runs in the
 * orchestrating process, which only creates the plans and watches them. Per replica count: a new plan
 * over the same archives to the S3 endpoint, timed from its first chunk taken to the plan completed
 * (every copy verified), so the replicas' start (tsx, migrations) and the retrievals are not counted.
 * Each replica runs 2 tasks at once, and the plan allows 6 chunks at once, so the fleet's ceiling is
 * the CPU, not a limit of Thaw's. The core count is printed beside: on 2 cores, 3 replicas and the
 * server compete for the same CPU.
 * Run: npx tsx bench/replicas.ts [MiB per archive]; `npm run bench -- replicas`.
 */
import os from "node:os";
import { type Child } from "../tests/support/fixture-process";
import { figuresOfChild, runBenchFile } from "./server-child";

const ARCHIVES = 6;
const ARCHIVE_MIB = 32;
const TASKS_PER_REPLICA = 2;
const REPLICA_COUNTS = [1, 2, 3] as const;
const MIB = 1024 * 1024;

type Figures = Record<string, number | string>;

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

async function child(archiveMib: number): Promise<Figures> {
  const pg = await import("pg");
  const { startCluster } = await import("../tests/global-setup");
  const cluster = await startCluster();
  const admin = new pg.default.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query("create database bench_replicas");
  await admin.end();
  const url = new URL(cluster.url);
  url.pathname = "/bench_replicas";
  const databaseUrl = url.toString();
  // This process enqueues on the replicas' queue (pg-boss) but starts no worker of its own.
  process.env.DATABASE_URL = databaseUrl;
  const { getDatabase, closeDatabase } = await import("../lib/db");
  const { createPlan, getPlan, registerPlanTasks } = await import("../lib/plans");
  const { closeTaskQueue } = await import("../lib/tasks");
  const { importKitInventory, planForm, startKit, syntheticInventory } =
    await import("../tests/support/plans-kit");
  const { uploadArchives } = await import("../tests/support/chunk-copies");
  const { runFixture, until } = await import("../tests/support/fixture-process");
  const kit = await startKit(0);
  const { db } = await getDatabase();
  const copyConcurrency = TASKS_PER_REPLICA * Math.max(...REPLICA_COUNTS);
  const planOptions = { copyConcurrency, tickMs: 200 };
  registerPlanTasks({ db, ...planOptions });
  try {
    const archives = await uploadArchives(kit, Array<number>(ARCHIVES).fill(archiveMib * MIB), 2000);
    const bytes = ARCHIVES * archiveMib * MIB;
    const setup = JSON.stringify({
      database: { databaseUrl },
      target: kit.target,
      chunkWriteMs: 0, // each chunk reported (`chunk-start`), so the copy's start is seen
      taskConcurrency: TASKS_PER_REPLICA,
      options: planOptions,
    });
    const figures: Figures = {
      "cores (os.availableParallelism)": os.availableParallelism(),
      "load average (1 min) at start": round(os.loadavg()[0] ?? 0, 2),
    };
    const rates: number[] = [];
    // One replica more per run (the ones before keep running): 3 process starts, not 6.
    const replicas: Child[] = [];
    try {
      for (const count of REPLICA_COUNTS) {
        while (replicas.length < count) replicas.push(runFixture("worker", setup));
        await until(() => replicas.every((r) => r.lines.includes("ready")), 120_000);
        const before = replicas.map(chunksTaken);
        const taken = () => replicas.reduce((n, r, i) => n + chunksTaken(r) - (before[i] ?? 0), 0);
        const inventoryId = await importKitInventory(kit, db, syntheticInventory(kit.vaultName, archives));
        const form = planForm(kit, inventoryId, { maxInFlight: ARCHIVES });
        const plan = await createPlan({ target: kit.target, form, createdBy: null }, { db });
        await until(() => taken() > 0, 120_000);
        const started = performance.now();
        await until(async () => (await getPlan(plan.id, { db }))?.status === "completed", 300_000);
        const seconds = (performance.now() - started) / 1000;
        const done = await getPlan(plan.id, { db });
        if (done?.counts.verified !== ARCHIVES)
          throw new Error(`${count} replicas: not every copy verified: ${JSON.stringify(done?.counts)}`);
        const rate = bytes / 1e6 / seconds;
        rates.push(rate);
        const perReplica = replicas.map((r, i) => chunksTaken(r) - (before[i] ?? 0));
        figures[`copy MB/s, ${count} replica${count > 1 ? "s" : ""}`] = round(rate, 1);
        figures[`chunks taken per replica, ${count}`] = perReplica.join(" / ");
      }
    } finally {
      for (const r of replicas) r.process.kill("SIGTERM");
      await Promise.all(replicas.map((r) => r.exited));
    }
    figures["copy ratio 3 replicas / 1"] = round((rates[2] ?? 0) / (rates[0] ?? 1), 2);
    figures["bytes per plan (MB)"] = round(bytes / 1e6, 0);
    figures["load average (1 min) at end"] = round(os.loadavg()[0] ?? 0, 2);
    return figures;
  } finally {
    await closeTaskQueue();
    await closeDatabase();
    await kit.stop();
    cluster.stop();
  }
}

/** Chunks a replica began to write so far (its `chunk-start` lines). */
const chunksTaken = (replica: Child) =>
  replica.lines.filter((line) => line.startsWith("chunk-start ")).length;

export function benchReplicas(archiveMib = ARCHIVE_MIB): Promise<Figures> {
  return figuresOfChild(__filename, [String(archiveMib)]);
}

if (require.main === module)
  runBenchFile(
    (mib) => child(Number(mib) || ARCHIVE_MIB),
    (mib) => benchReplicas(Number(mib) || ARCHIVE_MIB),
  );
