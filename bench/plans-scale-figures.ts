/**
 * The figures bench/plans-scale.ts measures, each in a child process of its own: seeding an inventory
 * in SQL, createPlan, one quiet plan step, the manifest, and an idle child's footprint.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const STEPS = 15;
/** The product's batch (lib/plans/schedule-items.ts), named here so the figure's label says it. */
export const SCHEDULE_BATCH = 1000;
export const IN_FLIGHT = 1000;

export type Figures = Record<string, number | string>;
export type Dialect = "sqlite" | "postgres";
export type Place = { dialect: Dialect; location: string };
/** A phase of createPlan: its time, the process's peak RSS and CPU seconds used so far. */
export type Phase = { phase: string; ms: number; rssMb: number; cpuS: number };
export type Measured = { ms: number; rssMb: number; extra?: number; phases?: Phase[] };
/** What the parent saw while a child ran: the SQLite WAL's largest size, the load average. */
export type Watched = Measured & { walMb: number; load: string };

export async function open(place: Place) {
  const { createDatabase } = await import("../lib/db");
  return createDatabase(
    place.dialect === "sqlite" ? { sqlitePath: place.location } : { databaseUrl: place.location },
  );
}

/** A complete inventory of `archives` rows, written by the database itself, with its indexes. */
export async function seed(place: Place, archives: number): Promise<Measured> {
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

function median(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export async function createFigure(place: Place, exportRoot: string): Promise<Measured> {
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

/** How far into the plan the step and manifest figures find it: a tenth of its items written. */
export const REACHED = 0.1;
export const SCHEDULE_RUNS = 5;

/**
 * Setup: the plan a tenth of the way through, its first tenth of items written to plan_items in one
 * statement (keys `bench/<seq>`; setup, not the product, which writes a batch per step). Then the
 * figure: the product's scheduleItems writing the next 1 000 items, keys checked against the plan's,
 * median of SCHEDULE_RUNS: the work a step adds when it reaches new archives.
 */
export async function reachFigure(place: Place): Promise<Measured> {
  const { sql } = await import("kysely");
  const { scheduleItems, scheduleBatch } = await import("../lib/plans/schedule-items");
  const SCHEDULE_BATCH = scheduleBatch();
  const { PERSON } = await import("../lib/plans/store");
  const database = await open(place);
  const { db } = database;
  try {
    const plan = await db
      .selectFrom("plans")
      .innerJoin("inventories", "inventories.id", "plans.inventory_id")
      .select(["plans.id", "plans.items_pending", "plans.items_scheduled", "inventories.archive_table"])
      .executeTakeFirstOrThrow();
    const upTo = Math.floor(Number(plan.items_pending) * REACHED);
    const now = new Date().toISOString();
    await sql`insert into plan_items (plan_id, seq, archive_id, description, decoded_path, size, tree_hash,
        creation_date, object_key, status, attempts, updated_at)
      select o.plan_id, o.seq, a.archive_id, a.description, a.decoded_path, a.size, a.tree_hash,
        a.creation_date, 'bench/' || cast(o.seq as text), 'pending', 1, ${now}
      from plan_order as o join ${sql.table(plan.archive_table)} as a on a.seq = o.archive_seq
      where o.plan_id = ${plan.id} and o.seq > ${Number(plan.items_scheduled)} and o.seq <= ${upTo}`.execute(
      db,
    );
    await sql`update plans set items_scheduled = ${upTo} where id = ${plan.id}`.execute(db);
    const times: number[] = [];
    for (let i = 0; i < SCHEDULE_RUNS; i++) {
      const started = performance.now();
      const written = await scheduleItems(db, plan.id, SCHEDULE_BATCH, PERSON);
      times.push(performance.now() - started);
      if (written !== SCHEDULE_BATCH) throw new Error(`scheduled ${written}, not ${SCHEDULE_BATCH}`);
    }
    return { ms: median(times), rssMb: peakRssMb(), extra: upTo };
  } finally {
    await database.close();
  }
}

/**
 * 1 000 items in flight, none due for a check, the cap reached: a step that finds nothing to do.
 * The in-flight items are spread over the items written so far (a tenth of the plan, reachFigure).
 */
export async function stepFigure(place: Place, exportRoot: string): Promise<Measured> {
  const { sql } = await import("kysely");
  const { runPlanStep } = await import("../lib/plans");
  const { offlineTarget } = await import("../tests/support/plan-fixtures");
  const database = await open(place);
  const { db } = database;
  try {
    const plan = await db.selectFrom("plans").select(["id", "items_scheduled"]).executeTakeFirstOrThrow();
    const total = Number(plan.items_scheduled);
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
    return { ms: median(times), rssMb: peakRssMb(), extra: n };
  } finally {
    await database.close();
  }
}

export async function manifestFigure(place: Place, exportRoot: string): Promise<Measured> {
  const { manifestLines } = await import("../lib/plans/manifest");
  const { DirectoryDestination } = await import("../lib/plans/destinations/directory");
  const database = await open(place);
  try {
    const plan = await database.db.selectFrom("plans").select("id").executeTakeFirstOrThrow();
    const root = path.join(exportRoot, "manifest");
    const started = performance.now();
    // THAW_BENCH_MANIFEST_IN_THREAD=1: the pages read in this thread, not the query worker's (the earlier way).
    const inWorker = process.env.THAW_BENCH_MANIFEST_IN_THREAD !== "1";
    await new DirectoryDestination(root, [exportRoot]).writeManifestLines(
      manifestLines(database.db, plan.id, { inWorker }),
    );
    const ms = performance.now() - started;
    return { ms, rssMb: peakRssMb(), extra: fs.statSync(path.join(root, "manifest.csv")).size };
  } finally {
    await database.close();
  }
}

/** What a child process holds before any work: Node, tsx, the modules, an open database. */
export async function idleFigure(place: Place): Promise<Measured> {
  await import("../lib/plans");
  const database = await open(place);
  await database.close();
  return { ms: 0, rssMb: peakRssMb() };
}
