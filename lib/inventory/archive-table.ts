import "server-only";
import { type CreateIndexBuilder, type Kysely, PostgresAdapter, sql } from "kysely";
import { type Database } from "@/lib/db";
import { type InventoryArchivesTable } from "@/lib/db/schema";

/**
 * Each inventory's archives live in a table of their own (see migration 0003): created bare, bulk
 * loaded, indexed once the load is complete, dropped with the inventory. Names come only from
 * `archiveTableName` (our own UUIDs), are checked again before use, and are always quoted.
 */

export type ArchiveTableName = `inventory_archives_${string}`;
export type CatalogDatabase = Database & { [table: ArchiveTableName]: InventoryArchivesTable };

const NAME = /^inventory_archives_[0-9a-f]{32}$/;

export function archiveTableName(inventoryId: string): ArchiveTableName {
  const name = `inventory_archives_${inventoryId.replace(/-/g, "").toLowerCase()}` as const;
  return checkedName(name);
}

export function checkedName(name: string): ArchiveTableName {
  if (!NAME.test(name)) throw new Error(`not an inventory archive table: ${name}`);
  return name as ArchiveTableName;
}

/** The database with per-inventory tables typed (Kysely's withTables, no cast). */
export function catalog(db: Kysely<Database>): Kysely<CatalogDatabase> {
  return db.withTables<{ [table: ArchiveTableName]: InventoryArchivesTable }>();
}

export function isPostgres(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export const ARCHIVE_COLUMNS = [
  "seq",
  "archive_id",
  "description",
  "decoded_path",
  "decoded_format",
  "decoded_modified",
  "creation_date",
  "size",
  "tree_hash",
] as const satisfies readonly (keyof InventoryArchivesTable)[];

export async function createArchiveTable(db: Kysely<Database>, table: ArchiveTableName): Promise<void> {
  await db.schema
    .createTable(table)
    // INTEGER PRIMARY KEY is SQLite's rowid itself: rows are stored in inventory order at no index cost.
    .addColumn("seq", "integer", (c) => c.primaryKey())
    .addColumn("archive_id", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("decoded_path", "text", (c) => c.notNull())
    .addColumn("decoded_format", "text", (c) => c.notNull())
    .addColumn("decoded_modified", "text")
    .addColumn("creation_date", "text", (c) => c.notNull())
    .addColumn("size", "bigint", (c) => c.notNull())
    .addColumn("tree_hash", "text", (c) => c.notNull())
    .execute();
}

/**
 * The unique ArchiveId index, built after the load (one sort instead of a random B-tree insert per
 * row), in the background (deferred-indexes.ts): the import has checked every id unique already.
 */
export function archiveIdIndex(
  db: Kysely<Database>,
  table: ArchiveTableName,
): CreateIndexBuilder<"archive_id"> {
  return db.schema.createIndex(`${table}_archive`).ifNotExists().on(table).column("archive_id").unique();
}

export async function indexArchiveIds(db: Kysely<Database>, table: ArchiveTableName): Promise<void> {
  await archiveIdIndex(db, table).execute();
}

export const SORT_INDEX_SUFFIXES = ["_size", "_created", "_path"] as const;
type SortIndexSuffix = (typeof SORT_INDEX_SUFFIXES)[number];
const SORT_INDEX_COLUMNS = { _size: "size", _created: "creation_date", _path: "decoded_path" } as const;

/**
 * One of the catalog's sort indexes, built after the import completes (deferred-indexes.ts). Sorts end in
 * seq so paging is stable; SQLite's indexes carry the rowid (= seq) already, so only PostgreSQL's name it.
 */
export function sortIndex(
  db: Kysely<Database>,
  table: ArchiveTableName,
  suffix: SortIndexSuffix,
): CreateIndexBuilder {
  const column = SORT_INDEX_COLUMNS[suffix];
  return db.schema
    .createIndex(`${table}${suffix}`)
    .ifNotExists()
    .on(table)
    .columns(isPostgres(db) ? [column, "seq"] : [column]);
}

/** Every index of every table at once: the import's, and those still missing after it. */
export async function indexArchiveTable(db: Kysely<Database>, table: ArchiveTableName): Promise<void> {
  await indexArchiveIds(db, table);
  for (const suffix of SORT_INDEX_SUFFIXES) await sortIndex(db, table, suffix).execute();
  await analyzeArchiveTable(db, table);
}

/** PostgreSQL plans by statistics: gathered once the indexes exist. SQLite needs none here. */
export async function analyzeArchiveTable(db: Kysely<Database>, table: ArchiveTableName): Promise<void> {
  if (isPostgres(db)) await sql`analyze ${sql.table(table)}`.execute(db);
}

/** The names of the table's indexes that exist. */
export async function existingIndexes(db: Kysely<Database>, table: ArchiveTableName): Promise<Set<string>> {
  const query = isPostgres(db)
    ? sql<{ name: string }>`select indexname as name from pg_indexes where tablename = ${table}`
    : sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = ${table}`;
  return new Set((await query.execute(db)).rows.map((r) => r.name));
}

export async function dropArchiveTable(db: Kysely<Database>, table: string): Promise<void> {
  await db.schema.dropTable(checkedName(table)).ifExists().execute();
}
