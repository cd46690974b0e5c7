/**
 * Plans of 10 million archives (issue #13), each figure next to its 100 000-archive baseline in the
 * same run, on SQLite and on PostgreSQL (a throwaway cluster, as the tests start):
 *   - creating the plan (createPlan on a complete inventory: INSERT … SELECT, keys, counters): time
 *     and the peak RSS of the process doing it (PostgreSQL's own memory is the server's, not shown);
 *   - one quiet plan step (runPlanStep, one run of the plan's `plan-initiate` task, with 1 000 jobs in
 *     flight, none due, the cap reached): the work a step does whatever happens, which must not grow
 *     with the plan (median of 15; copies are `copy-chunk` tasks of their own since plans run on tasks);
 *   - writing the manifest (every item, streamed to a directory destination): time and peak RSS.
 * The inventory is seeded in SQL (recursive CTE / generate_series): 138-character random ids,
 * `photos/<n % 1000>/IMG_<n>.jpg` paths, sizes spread to 5 MB. Setup, not the product.
 * Every measured task runs in its own child process, so its peak RSS is its own.
 * Run: npx tsx bench/plans-scale.ts [archives…] (default 100000 10000000) [--postgres-max n]
 * [--skip step,manifest] [--dialect sqlite|postgres]; `npm run bench -- plans-scale`. The SQLite WAL's peak size and the load
 * average (the machine is shared) are printed beside the timings, createPlan's phases with theirs.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const SIZES = [100_000, 10_000_000];
/**
 * PostgreSQL stops at 1 M by default: here (2 shared cores) seeding and creating 1 M took 48 s and
 * 150 s, so 10 M would hold the bench for over half an hour. `--postgres-max 10000000` to try.
 */
const POSTGRES_MAX = 1_000_000;
const MIB = 1024 * 1024;
const STEPS = 15;
const IN_FLIGHT = 1000;

type Figures = Record<string, number | string>;
type Dialect = "sqlite" | "postgres";
type Place = { dialect: Dialect; location: string };
/** A phase of createPlan: its time, the process's peak RSS and CPU seconds used so far. */
type Phase = { phase: string; ms: number; rssMb: number; cpuS: number };
type Measured = { ms: number; rssMb: number; extra?: number; phases?: Phase[] };
/** What the parent saw while a child ran: the SQLite WAL's largest size, the load average. */
type Watched = Measured & { walMb: number; load: string };

async function open(place: Place) {
  const { createDatabase } = await import("../lib/db");
  return createDatabase(
    place.dialect === "sqlite" ? { sqlitePath: place.location } : { databaseUrl: place.location },
  );
}

/** A complete inventory of `archives` rows, written by the database itself, with its indexes. */
async function seed(place: Place, archives: number): Promise<Measured> {
  const started = performance.now();
  const { sql } = await import("kysely");
  const { archiveTableName, createArchiveTable, indexArchiveTable } =
    await import("../lib/inventory/archive-table");
  const database = await open(place);
  const { db } = database;
  try {
    const id = randomUUID();
    const table = archiveTableName(id);
    await createArchiveTable(db, table);
    const rows =
      place.dialect === "sqlite"
        ? sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${archives})
            select i, hex(randomblob(69)), 'photos/' || (i % 1000) || '/IMG_' || i || '.jpg',
              'photos/' || (i % 1000) || '/IMG_' || i || '.jpg', 'plain', null,
              strftime('%Y-%m-%dT%H:%M:%fZ', 1325376000 + i, 'unixepoch'), 1 + (i * 7919) % 5000000,
              lower(hex(randomblob(32))) from n`
        : sql`select i, substr(md5(i::text) || md5((-i)::text) || md5((i * 7)::text) || md5((i * 13)::text)
                || md5((i * 17)::text), 1, 138), 'photos/' || (i % 1000) || '/IMG_' || i || '.jpg',
              'photos/' || (i % 1000) || '/IMG_' || i || '.jpg', 'plain', null,
              to_char(timestamp '2012-01-01' + i * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              1 + (i::bigint * 7919) % 5000000, md5(i::text) || md5((i + 1)::text)
            from generate_series(1, ${archives}) as i`;
    await sql`insert into ${sql.table(table)} (seq, archive_id, description, decoded_path, decoded_format,
        decoded_modified, creation_date, size, tree_hash) ${rows}`.execute(db);
    await indexArchiveTable(db, table);
    const now = new Date().toISOString();
    await db
      .insertInto("inventories")
      .values({
        id,
        connection_id: "bench-connection",
        vault_name: "bench-vault",
        vault_arn: null,
        inventory_date: "2030-01-01T00:00:00Z",
        job_id: id,
        format: "JSON",
        archive_table: table,
        archive_count: archives,
        total_bytes: 0,
        status: "complete",
        error: null,
        started_at: now,
        heartbeat_at: now,
        imported_at: now,
      })
      .execute();
    return { ms: performance.now() - started, rssMb: peakRssMb(), extra: 0 };
  } finally {
    await database.close();
  }
}

function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

async function createFigure(place: Place, exportRoot: string): Promise<Measured> {
  const { createPlan } = await import("../lib/plans");
  const { directoryPlanForm, offlineTarget } = await import("../tests/support/plan-fixtures");
  const database = await open(place);
  try {
    const inventory = await database.db
      .selectFrom("inventories")
      .select(["id", "connection_id"])
      .executeTakeFirstOrThrow();
    const form = directoryPlanForm(inventory.id, path.join(exportRoot, "plan"), {
      name: "bench",
      capUsd: 1_000_000,
      maxInFlight: 100,
    });
    const target = offlineTarget(inventory.connection_id);
    const phases: Phase[] = [];
    const cpu = () => {
      const used = process.cpuUsage();
      return (used.user + used.system) / 1e6;
    };
    const onPhase = (phase: string, ms: number) =>
      phases.push({ phase, ms, rssMb: peakRssMb(), cpuS: cpu() });
    const started = performance.now();
    const plan = await createPlan(
      { target, form, createdBy: null },
      { db: database.db, exportRoots: [exportRoot], onPhase },
    );
    const ms = performance.now() - started;
    return { ms, rssMb: peakRssMb(), extra: plan.counts.pending, phases };
  } finally {
    await database.close();
  }
}

/** 1 000 items in flight, none due for a check, the cap reached: a step that finds nothing to do. */
async function stepFigure(place: Place, exportRoot: string): Promise<Measured> {
  const { sql } = await import("kysely");
  const { runPlanStep } = await import("../lib/plans");
  const { offlineTarget } = await import("../tests/support/plan-fixtures");
  const database = await open(place);
  const { db } = database;
  try {
    const plan = await db.selectFrom("plans").select(["id", "items_pending"]).executeTakeFirstOrThrow();
    const total = Number(plan.items_pending);
    const later = new Date(Date.now() + 3_600_000).toISOString();
    // Spread over the plan (every n-th item), as a long-running plan's in-flight items are.
    const every = Math.max(1, Math.floor(total / IN_FLIGHT));
    const moved = await sql`update plan_items set status = 'requested', next_check_at = ${later},
        glacier_job_id = 'bench-job', requested_at = ${new Date().toISOString()}
      where plan_id = ${plan.id} and seq % ${every} = 0 and seq <= ${every * IN_FLIGHT}`.execute(db);
    const n = Number(moved.numAffectedRows ?? 0);
    const bytes = await db
      .selectFrom("plan_items")
      .select((eb) => eb.fn.sum<number>("size").as("b"))
      .where("plan_id", "=", plan.id)
      .where("status", "=", "requested")
      .executeTakeFirstOrThrow();
    await sql`update plans set items_pending = items_pending - ${n}, items_requested = ${n},
        bytes_pending = bytes_pending - ${Number(bytes.b)}, bytes_requested = ${Number(bytes.b)},
        spent_usd = cap_usd, status = 'capped', max_in_flight = ${IN_FLIGHT + 100}
      where id = ${plan.id}`.execute(db);
    const target = offlineTarget("bench-connection");
    const options = { db, exportRoots: [exportRoot], resolveTarget: () => Promise.resolve(target) };
    const times: number[] = [];
    for (let i = 0; i < STEPS + 2; i++) {
      const started = performance.now();
      await runPlanStep({ planId: plan.id }, { signal: new AbortController().signal }, options);
      if (i >= 2) times.push(performance.now() - started); // the first two warm the caches
    }
    const row = await db.selectFrom("plans").select(["status", "last_error"]).executeTakeFirstOrThrow();
    if (row.last_error) throw new Error(`the step failed: ${row.last_error}`);
    times.sort((a, b) => a - b);
    return { ms: times[Math.floor(times.length / 2)] ?? 0, rssMb: peakRssMb(), extra: n };
  } finally {
    await database.close();
  }
}

async function manifestFigure(place: Place, exportRoot: string): Promise<Measured> {
  const { manifestLines } = await import("../lib/plans/manifest");
  const { DirectoryDestination } = await import("../lib/plans/destinations/directory");
  const database = await open(place);
  try {
    const plan = await database.db.selectFrom("plans").select("id").executeTakeFirstOrThrow();
    const root = path.join(exportRoot, "manifest");
    const started = performance.now();
    await new DirectoryDestination(root, [exportRoot]).writeManifestLines(
      manifestLines(database.db, plan.id),
    );
    const ms = performance.now() - started;
    return { ms, rssMb: peakRssMb(), extra: fs.statSync(path.join(root, "manifest.csv")).size };
  } finally {
    await database.close();
  }
}

/** What a child process holds before any work: Node, tsx, the modules, an open database. */
async function idleFigure(place: Place): Promise<Measured> {
  await import("../lib/plans");
  const database = await open(place);
  await database.close();
  return { ms: 0, rssMb: peakRssMb() };
}

type Task = "seed" | "create" | "step" | "manifest" | "idle";

async function child(task: Task, place: Place, archives: number, exportRoot: string): Promise<void> {
  const run = {
    seed: () => seed(place, archives),
    create: () => createFigure(place, exportRoot),
    step: () => stepFigure(place, exportRoot),
    manifest: () => manifestFigure(place, exportRoot),
    idle: () => idleFigure(place),
  }[task];
  process.stdout.write(`\n${JSON.stringify(await run())}\n`);
}

const loadNow = () => os.loadavg()[0]?.toFixed(1) ?? "?";

/** Runs one task in a child process, sampling the SQLite WAL's size and the load while it runs. */
async function inChild(task: Task, place: Place, archives: number, exportRoot: string): Promise<Watched> {
  const child = spawn(
    process.execPath,
    [
      ...process.execArgv,
      "--conditions=react-server",
      __filename,
      "--child",
      task,
      place.dialect,
      place.location,
      String(archives),
      exportRoot,
    ],
    { env: { ...process.env, THAW_LOG_LEVEL: "silent" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const loads = [loadNow()];
  let walBytes = 0;
  const wal = `${place.location}-wal`;
  const sample = setInterval(() => {
    if (place.dialect === "sqlite")
      walBytes = Math.max(walBytes, fs.statSync(wal, { throwIfNoEntry: false })?.size ?? 0);
  }, 250);
  const loadSample = setInterval(() => loads.push(loadNow()), 30_000);
  const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
  clearInterval(sample);
  clearInterval(loadSample);
  loads.push(loadNow());
  const line = stdout.trim().split("\n").pop() ?? "";
  if (status !== 0 || !line.startsWith("{"))
    throw new Error(`${task} (${place.dialect}, ${archives}) failed: ${(stderr || stdout).slice(-2000)}`);
  const load = `${Math.min(...loads.map(Number))}–${Math.max(...loads.map(Number))}`;
  return { ...(JSON.parse(line) as Measured), walMb: walBytes / MIB, load };
}

const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;
const count = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000} M` : `${n / 1000} k`);

/** Each phase's time, CPU seconds (less skewed by the machine's load) and the peak RSS so far. */
const phaseText = (phases: readonly Phase[] = []) =>
  phases
    .map(
      (p, i) =>
        `${p.phase} ${round(p.ms / 1000, 1)} s (cpu ${round(p.cpuS - (phases[i - 1]?.cpuS ?? p.cpuS - p.ms / 1000), 1)} s, peak ${round(p.rssMb)} MB)`,
    )
    .join(", ");

/** Seed, create, step, manifest for one dialect and size (those of `tasks`); figures named for the table. */
async function figuresFor(
  place: Place,
  archives: number,
  dir: string,
  large: boolean,
  tasks: ReadonlySet<Task>,
): Promise<Figures> {
  const exportRoot = fs.mkdtempSync(path.join(dir, "exports-"));
  const at = `${place.dialect}, ${count(archives)}`;
  const goal = (text: string) => (large ? `, ${text}` : "");
  const sqliteGoal = (text: string) => (large && place.dialect === "sqlite" ? goal(text) : "");
  const figures: Figures = {};
  try {
    const seeded = await inChild("seed", place, archives, exportRoot);
    figures[`seed inventory (setup), ${at} (s)`] = round(seeded.ms / 1000, 1);
    const created = await inChild("create", place, archives, exportRoot);
    if (created.extra !== archives) throw new Error(`the plan holds ${created.extra} items, not ${archives}`);
    Object.assign(figures, {
      [`createPlan, ${at} (s${sqliteGoal("goal <= 60")})`]: round(created.ms / 1000, 1),
      [`createPlan peak RSS, ${at} (MB${sqliteGoal("goal <= 500")})`]: round(created.rssMb),
      [`createPlan phases, ${at}`]: phaseText(created.phases),
      [`createPlan load average, ${at}`]: created.load,
    });
    if (place.dialect === "sqlite") figures[`createPlan WAL peak, ${at} (MB)`] = round(created.walMb);
    if (tasks.has("step")) {
      const step = await inChild("step", place, archives, exportRoot);
      figures[`plan step, ${IN_FLIGHT} in flight, ${at} (ms, goal < 50)`] = round(step.ms, 1);
      figures[`plan step load average, ${at}`] = step.load;
    }
    if (tasks.has("manifest")) {
      const manifest = await inChild("manifest", place, archives, exportRoot);
      Object.assign(figures, {
        [`manifest write, ${at} (s)`]: round(manifest.ms / 1000, 1),
        [`manifest peak RSS, ${at} (MB${goal("goal < 200")})`]: round(manifest.rssMb),
        [`manifest size, ${at} (MB)`]: round((manifest.extra ?? 0) / MIB),
        [`manifest load average, ${at}`]: manifest.load,
      });
    }
    const idle = await inChild("idle", place, archives, exportRoot);
    figures[`a child's RSS before any work (Node, tsx, modules, open DB), ${at} (MB)`] = round(idle.rssMb);
    return figures;
  } finally {
    fs.rmSync(exportRoot, { recursive: true, force: true });
  }
}

async function places(
  dir: string,
  dialects: ReadonlySet<Dialect>,
): Promise<{ places: Place[]; stop(): void }> {
  const sqlite: Place = { dialect: "sqlite", location: path.join(dir, "plans.sqlite") };
  if (!dialects.has("postgres")) return { places: [sqlite], stop: () => undefined };
  try {
    const { startCluster } = await import("../tests/global-setup");
    const cluster = await startCluster();
    return { places: [sqlite, { dialect: "postgres", location: cluster.url }], stop: () => cluster.stop() };
  } catch (error) {
    console.error(`PostgreSQL not measured: ${error instanceof Error ? error.message : String(error)}`);
    return { places: [sqlite], stop: () => undefined };
  }
}

/** A fresh database per size (a new SQLite file; a new PostgreSQL database in the cluster). */
async function fresh(place: Place, label: string): Promise<Place> {
  if (place.dialect === "sqlite")
    return { ...place, location: place.location.replace(/\.sqlite$/, `-${label}.sqlite`) };
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: place.location });
  await client.connect();
  await client.query(`create database bench_${label}`);
  await client.end();
  const url = new URL(place.location);
  url.pathname = `/bench_${label}`;
  return { ...place, location: url.toString() };
}

export async function benchPlanScale(
  sizes: readonly number[] = SIZES,
  postgresMax = POSTGRES_MAX,
  tasks: ReadonlySet<Task> = new Set<Task>(["step", "manifest"]),
  dialects: ReadonlySet<Dialect> = new Set<Dialect>(["sqlite", "postgres"]),
): Promise<Figures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "thaw-bench-plan-scale-"));
  const targets = await places(dir, dialects);
  const figures: Figures = {};
  try {
    for (const place of targets.places) {
      const byStep: number[] = [];
      if ((place.dialect === "postgres" && postgresMax <= 0) || !dialects.has(place.dialect)) continue;
      const mine = place.dialect === "postgres" ? sizes.map((n) => Math.min(n, postgresMax)) : sizes;
      for (const archives of [...new Set(mine)]) {
        const here = await fresh(place, String(archives));
        let some: Figures;
        try {
          some = await figuresFor(here, archives, dir, archives >= 1_000_000, tasks);
        } catch (error) {
          // One dialect or size failing (a slow machine, a missing server) still leaves the others.
          some = { [`error, ${place.dialect}, ${count(archives)}`]: String(error).slice(0, 300) };
        }
        console.error(JSON.stringify(some));
        Object.assign(figures, some);
        const stepMs = Object.entries(some).find(([k]) => k.startsWith("plan step"))?.[1];
        if (typeof stepMs === "number") byStep.push(stepMs);
        if (here.dialect === "sqlite") fs.rmSync(here.location, { force: true });
      }
      const [first, last] = [byStep[0], byStep[byStep.length - 1]];
      if (first && last && byStep.length > 1)
        figures[
          `plan step ${count(sizes[sizes.length - 1] ?? 0)} / ${count(sizes[0] ?? 0)}, ${place.dialect} (ratio, goal <= 2)`
        ] = round(last / first, 2);
    }
  } finally {
    targets.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

if (require.main === module) {
  const [flag, ...rest] = process.argv.slice(2);
  if (flag === "--child") {
    const [task, dialect, location, archives, exportRoot] = rest;
    child(
      task as Task,
      { dialect: dialect as Dialect, location: location ?? "" },
      Number(archives),
      exportRoot ?? "",
    ).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  } else {
    const args = [flag, ...rest].filter((s): s is string => s !== undefined);
    const max = args.indexOf("--postgres-max");
    const postgresMax = max >= 0 ? Number(args.splice(max, 2)[1]) : POSTGRES_MAX;
    const skip = args.indexOf("--skip");
    const skipped = skip >= 0 ? (args.splice(skip, 2)[1] ?? "").split(",") : [];
    const tasks = new Set<Task>((["step", "manifest"] as const).filter((t) => !skipped.includes(t)));
    const only = args.indexOf("--dialect");
    const dialect = only >= 0 ? args.splice(only, 2)[1] : undefined;
    const dialects = new Set<Dialect>(
      (["sqlite", "postgres"] as const).filter((d) => dialect === undefined || d === dialect),
    );
    const sizes = args.map(Number);
    benchPlanScale(sizes.length > 0 ? sizes : SIZES, postgresMax, tasks, dialects).then(
      (figures) => console.log(figures),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  }
}
