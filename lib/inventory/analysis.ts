import "server-only";
import { type Kysely, sql } from "kysely";
import { type Database, dbOf, type DbOptions } from "@/lib/db";
import { type InventoryArchivesTable } from "@/lib/db/schema";
import { catalog, checkedName } from "./archive-table";
import { deferredIndexesSettled } from "./deferred-indexes";
import { getInventoryRowOrThrow, MAX_PAGE } from "./queries";
import { type InventoryArchive, type InventorySummary, toArchive, toNumber, toSummary } from "./rows";

/** Chart data and version comparison, all computed in SQL over one inventory's table. */

export interface SizeBucket {
  /** Inclusive lower bound in bytes. */
  from: number;
  /** Exclusive upper bound; null for the last, open bucket. */
  to: number | null;
  archives: number;
  bytes: number;
}

// 1 KiB, then ×4 per bucket up to 64 TiB (an archive is at most 40 TiB): 19 bounds, 20 buckets.
const SIZE_BOUNDS = Array.from({ length: 19 }, (_, k) => 2 ** (10 + 2 * k));

function bucketExpression() {
  const cases = SIZE_BOUNDS.map((bound, k) => sql`when size < ${sql.lit(bound)} then ${sql.lit(k)}`);
  return sql<number>`case ${sql.join(cases, sql` `)} else ${sql.lit(SIZE_BOUNDS.length)} end`;
}

/** Archive counts and bytes per size bucket, from the smallest to the largest non-empty bucket. */
export async function sizeHistogram(inventoryId: string, options: DbOptions = {}): Promise<SizeBucket[]> {
  const db = await dbOf(options);
  const table = checkedName((await getInventoryRowOrThrow(db, inventoryId)).archive_table);
  const bucket = bucketExpression();
  const rows = await catalog(db)
    .selectFrom(table)
    .select((eb) => [bucket.as("bucket"), eb.fn.countAll().as("archives"), eb.fn.sum("size").as("bytes")])
    .groupBy(bucket)
    .execute();
  const found = new Map(rows.map((r) => [toNumber(r.bucket), r]));
  const keys = [...found.keys()];
  if (keys.length === 0) return [];
  const buckets: SizeBucket[] = [];
  for (let k = Math.min(...keys); k <= Math.max(...keys); k++) {
    const row = found.get(k);
    buckets.push({
      from: k === 0 ? 0 : (SIZE_BOUNDS[k - 1] ?? 0),
      to: SIZE_BOUNDS[k] ?? null,
      archives: toNumber(row?.archives),
      bytes: toNumber(row?.bytes),
    });
  }
  return buckets;
}

export type DateGranularity = "year" | "month" | "day";

export interface DateBucket {
  /** `2019`, `2019-03` or `2019-03-14` (UTC). */
  bucket: string;
  archives: number;
  bytes: number;
}

const PREFIX: Record<DateGranularity, number> = { year: 4, month: 7, day: 10 };

/** Chooses the granularity that gives a readable chart for the inventory's date span. */
export function granularityFor(first: string, last: string): DateGranularity {
  const days = (Date.parse(last) - Date.parse(first)) / 86_400_000;
  return days > 3 * 366 ? "year" : days > 62 ? "month" : "day";
}

function nextBucket(bucket: string, granularity: DateGranularity): string {
  const [year = 0, month = 1, day = 1] = bucket.split("-").map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (granularity === "year") date.setUTCFullYear(year + 1);
  else if (granularity === "month") date.setUTCMonth(month);
  else date.setUTCDate(day + 1);
  return date.toISOString().slice(0, PREFIX[granularity]);
}

/** Archives and bytes by CreationDate (upload time), gaps filled with zeros. */
export async function creationDateHistogram(
  inventoryId: string,
  options: DbOptions & { granularity?: DateGranularity } = {},
): Promise<{ granularity: DateGranularity; buckets: DateBucket[] }> {
  const db = await dbOf(options);
  const table = checkedName((await getInventoryRowOrThrow(db, inventoryId)).archive_table);
  const span = await catalog(db)
    .selectFrom(table)
    .select((eb) => [eb.fn.min("creation_date").as("first"), eb.fn.max("creation_date").as("last")])
    .executeTakeFirst();
  if (!span?.first || !span.last) return { granularity: options.granularity ?? "day", buckets: [] };
  const granularity = options.granularity ?? granularityFor(span.first, span.last);
  const prefix = sql<string>`substr(creation_date, 1, ${sql.lit(PREFIX[granularity])})`;
  const rows = await catalog(db)
    .selectFrom(table)
    .select((eb) => [prefix.as("bucket"), eb.fn.countAll().as("archives"), eb.fn.sum("size").as("bytes")])
    .groupBy(prefix)
    .execute();
  const found = new Map(rows.map((r) => [r.bucket, r]));
  const last = span.last.slice(0, PREFIX[granularity]);
  const buckets: DateBucket[] = [];
  for (let b = span.first.slice(0, PREFIX[granularity]); b <= last; b = nextBucket(b, granularity)) {
    const row = found.get(b);
    buckets.push({ bucket: b, archives: toNumber(row?.archives), bytes: toNumber(row?.bytes) });
  }
  return { granularity, buckets };
}

export interface DiffSide {
  count: number;
  /** One page, in inventory order. */
  archives: InventoryArchive[];
}

export interface InventoryDiff {
  previous: InventorySummary;
  current: InventorySummary;
  /** In current, not in previous. */
  added: DiffSide;
  /** In previous, not in current. */
  removed: DiffSide;
  /** The window both were cut to when a window is compared with a whole-vault inventory. */
  window: DiffWindow | null;
}

/** A date window both sides are cut to (StartDate inclusive, EndDate exclusive, as Glacier cuts). */
export type DiffWindow = { startDate: string | null; endDate: string | null };

function inWindow(window: DiffWindow | null) {
  const from = window?.startDate ? sql`f.creation_date >= ${window.startDate}` : sql`1 = 1`;
  const to = window?.endDate ? sql`f.creation_date < ${window.endDate}` : sql`1 = 1`;
  return sql`${from} and ${to}`;
}

/**
 * Archives of `from` (inside `window`) whose ArchiveId is not in `other` (an anti-join on the unique
 * archive_id indexes).
 */
async function missingFrom(
  db: Kysely<Database>,
  from: string,
  other: string,
  window: DiffWindow | null,
  limit: number,
  offset: number,
): Promise<DiffSide> {
  const notIn = sql`${inWindow(window)} and not exists (select 1 from ${sql.table(other)} o where o.archive_id = f.archive_id)`;
  const counted = await sql<{
    n: unknown;
  }>`select count(*) as n from ${sql.table(from)} f where ${notIn}`.execute(db);
  const page = await sql<InventoryArchivesTable>`
    select f.* from ${sql.table(from)} f where ${notIn} order by f.seq limit ${limit} offset ${offset}`.execute(
    db,
  );
  return { count: toNumber(counted.rows[0]?.n), archives: page.rows.map(toArchive) };
}

/**
 * What changed between two versions of a vault's catalog: counts and one page of each side; with a
 * `window`, only archives created inside it count (a whole-vault inventory against a windowed one).
 */
export async function diffInventories(
  previousId: string,
  currentId: string,
  options: DbOptions & { limit?: number; offset?: number; window?: DiffWindow | null } = {},
): Promise<InventoryDiff> {
  const db = await dbOf(options);
  const previous = await getInventoryRowOrThrow(db, previousId);
  const current = await getInventoryRowOrThrow(db, currentId);
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 50), 1), MAX_PAGE);
  const offset = Math.max(Math.trunc(options.offset ?? 0), 0);
  const window = options.window ?? null;
  const previousTable = checkedName(previous.archive_table);
  const currentTable = checkedName(current.archive_table);
  // Right after an import its indexes may still be building: the anti-join waits for that build (the
  // ArchiveId index comes first, then the sort indexes: ≈ 2.5 s per million archives in all) rather
  // than scanning the other table once per archive.
  await Promise.all([deferredIndexesSettled(previousTable), deferredIndexesSettled(currentTable)]);
  return {
    previous: toSummary(previous),
    current: toSummary(current),
    added: await missingFrom(db, currentTable, previousTable, window, limit, offset),
    removed: await missingFrom(db, previousTable, currentTable, window, limit, offset),
    window,
  };
}
