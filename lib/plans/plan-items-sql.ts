import "server-only";
import { type Expression, type Kysely, PostgresAdapter, type RawBuilder, sql } from "kysely";
import { type Database } from "@/lib/db";
import { type PlanOrder } from "@/lib/glacier/plan-form";

/**
 * A plan's execution order written in SQL: one `INSERT … SELECT` from lib/inventory's selection
 * query into plan_order, numbered by the database (`row_number()`), never through JavaScript.
 * ordering.ts states the order's rules in JavaScript; these are the same rules in SQL.
 */

export function isPostgres(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Text compared byte by byte on both dialects (SQLite's BINARY; PostgreSQL's "C", not the locale's). */
export function bytewise(db: Kysely<Database>, column: string): RawBuilder<string> {
  return isPostgres(db) ? sql<string>`${sql.ref(column)} collate "C"` : sql<string>`${sql.ref(column)}`;
}

/**
 * ordering.ts's orders: smallest (then older), oldest (then smaller), or the prefix's paths first,
 * each group by path. Ties keep the inventory's order (its seq), as the stable sort did.
 */
function orderBy(db: Kysely<Database>, order: PlanOrder, prefix: string | null): RawBuilder<unknown> {
  const path = bytewise(db, "decoded_path");
  const created = bytewise(db, "creation_date");
  // SQLite would walk the catalog's size/created/path index and fetch every row by rowid in that
  // order: one random page read per archive (the most of a 10 M-archive creation). `+` (a no-op on
  // any value) hides the index, so it reads the table in order and sorts instead.
  const first = (term: RawBuilder<unknown>) => (isPostgres(db) ? term : sql`+${term}`);
  if (order === "smallest") return sql`${first(sql`size`)}, ${created}, seq`;
  if (order === "oldest") return sql`${first(created)}, size, seq`;
  const wanted = prefix ?? "";
  const group =
    wanted === ""
      ? sql`1`
      : sql`case when substr(decoded_path, 1, length(cast(${wanted} as text))) = cast(${wanted} as text) then 0 else 1 end`;
  return sql`${group}, ${first(path)}, seq`;
}

export type PlanOrderSource = {
  planId: string;
  /** lib/inventory's selection query (selectionSource). */
  selection: Expression<unknown>;
  order: PlanOrder;
  prefix: string | null;
};

/**
 * Writes the plan's execution order (plan_order: seq → the inventory row) for every selected archive;
 * returns how many. The items themselves are written as the plan reaches them (schedule-items.ts).
 */
export async function insertPlanOrder(trx: Kysely<Database>, source: PlanOrderSource): Promise<number> {
  const order = orderBy(trx, source.order, source.prefix);
  if (!isPostgres(trx)) return insertSqlitePlanOrder(trx, source, order);
  const result = await sql`insert into plan_order (plan_id, seq, archive_seq)
    select ${source.planId}, row_number() over (order by ${order}), seq
    from (${source.selection}) as selected`.execute(trx);
  // PostgreSQL plans by statistics, and millions of new rows without them made the manifest's pages
  // of plan_order scan and sort it whole each time (17.7 s at 100 k). ANALYZE samples a fixed number
  // of rows, so it costs about the same at any size.
  await sql`analyze plan_order`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

const NUMBERING_TABLE = "plan_order_numbering";

/**
 * SQLite numbers the order without a window function: the selection's seqs go, sorted, into a fresh
 * temporary table whose INTEGER PRIMARY KEY numbers them 1, 2, … as they arrive, then into plan_order
 * in that order (appends at the end of its key). row_number() made SQLite copy every selected row
 * whole (all its columns) into an ephemeral table before sorting.
 */
async function insertSqlitePlanOrder(
  trx: Kysely<Database>,
  source: PlanOrderSource,
  order: RawBuilder<unknown>,
): Promise<number> {
  const numbering = sql.table(`temp.${NUMBERING_TABLE}`);
  await sql`create temporary table ${sql.table(NUMBERING_TABLE)}
    (seq integer primary key, archive_seq integer not null)`.execute(trx);
  try {
    await sql`insert into ${numbering} (archive_seq)
      select seq from (${source.selection}) as selected order by ${order}`.execute(trx);
    const result = await sql`insert into plan_order (plan_id, seq, archive_seq)
      select ${source.planId}, seq, archive_seq from ${numbering} order by seq`.execute(trx);
    return Number(result.numAffectedRows ?? 0);
  } finally {
    await sql`drop table ${numbering}`.execute(trx);
  }
}

/**
 * SQLite's page cache while a plan is created (KiB; the default is 2 MiB). The sort of the
 * selection may hold as much again in memory before it spills to temporary files, so the creating
 * process peaks near its idle size plus twice this: at 1 M archives 573 MB with 192 MiB, 380 MB
 * with 96 MiB, for the same CPU time (the items go in at the end of every index; little is re-read).
 */
const CREATION_CACHE_KIB = 96 * 1024;

/**
 * Runs a plan's creation with a larger SQLite page cache, then restores it: the selection's sort
 * spills less. A fixed bound, whatever the plan's size. PostgreSQL's buffers are the server's own
 * business.
 */
export async function withLargerSqliteCache<T>(db: Kysely<Database>, fn: () => Promise<T>): Promise<T> {
  if (isPostgres(db) || db.isTransaction) return fn();
  const before = await sql<{ cache_size: number }>`pragma cache_size`.execute(db);
  const previous = Number(before.rows[0]?.cache_size ?? -2000);
  await sql.raw(`pragma cache_size = -${CREATION_CACHE_KIB}`).execute(db);
  try {
    return await fn();
  } finally {
    await sql.raw(`pragma cache_size = ${Math.trunc(previous)}`).execute(db);
  }
}

/**
 * After a plan's creation on SQLite: the WAL holds the whole creating transaction (its order, ~50
 * bytes an archive: 542 MB at 10 M). The commit's automatic checkpoint copied it into the database; TRUNCATE
 * gives the file's space back instead of keeping it for reuse. If a reader still holds an older
 * snapshot, the checkpoint waits for it at most the busy timeout and the file is truncated later.
 */
export async function truncateSqliteWal(db: Kysely<Database>): Promise<void> {
  if (isPostgres(db) || db.isTransaction) return;
  await sql`pragma wal_checkpoint(truncate)`.execute(db);
}
