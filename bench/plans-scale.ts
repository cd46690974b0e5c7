/**
 * Plans of 10 million archives (issue #13), each figure next to its 100 000-archive baseline in the
 * same run, on SQLite and on PostgreSQL (a throwaway cluster, as the tests start):
 *   - creating the plan (createPlan on a complete inventory: the execution order by INSERT … SELECT,
 *     the first 1 000 items with their keys, counters): time and the peak RSS of the process doing
 *     it (PostgreSQL's own memory is the server's, not shown);
 *   - writing the next 1 000 items as a running plan reaches them (scheduleItems, a tenth of the
 *     plan written before, in setup): what a step adds, which must not grow with the plan;
 *   - one quiet plan step (runPlanStep, one run of the plan's `plan-initiate` task, with 1 000 jobs in
 *     flight, none due, the cap reached): the work a step does whatever happens, which must not grow
 *     with the plan (median of 15; copies are `copy-chunk` tasks of their own since plans run on tasks);
 *   - writing the manifest (every archive: the tenth written as items, the rest from the order;
 *     streamed to a directory destination): time and peak RSS.
 * The inventory is seeded in SQL (recursive CTE / generate_series): 138-character random ids,
 * `photos/<n % 1000>/IMG_<n>.jpg` paths, sizes spread to 5 MB. Setup, not the product.
 * Every measured task runs in its own child process, so its peak RSS is its own.
 * Run: npx tsx bench/plans-scale.ts [archives…] (default 100000 10000000) [--postgres-max n]
 * [--skip step,manifest] [--dialect sqlite|postgres]; `npm run bench -- plans-scale`. The SQLite WAL's peak size and the load
 * average (the machine is shared) are printed beside the timings, createPlan's phases with theirs.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  type Dialect,
  type Figures,
  type Measured,
  type Phase,
  type Place,
  type Watched,
  createFigure,
  idleFigure,
  manifestFigure,
  reachFigure,
  REACHED,
  seed,
  stepFigure,
  IN_FLIGHT,
  SCHEDULE_BATCH,
} from "./plans-scale-figures";

const SIZES = [100_000, 10_000_000];
/**
 * PostgreSQL stops at 1 M by default: here (2 shared cores) seeding and creating 1 M took 48 s and
 * 150 s, so 10 M would hold the bench for over half an hour. `--postgres-max 10000000` to try.
 */
const POSTGRES_MAX = 1_000_000;
const MIB = 1024 * 1024;

type Task = "seed" | "create" | "reach" | "step" | "manifest" | "idle";

async function child(task: Task, place: Place, archives: number, exportRoot: string): Promise<void> {
  const run = {
    seed: () => seed(place, archives),
    create: () => createFigure(place, exportRoot),
    reach: () => reachFigure(place),
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
    const reached = await inChild("reach", place, archives, exportRoot);
    figures[`next ${SCHEDULE_BATCH} items written, ${Math.round(REACHED * 100)} % reached, ${at} (ms)`] =
      round(reached.ms, 1);
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
