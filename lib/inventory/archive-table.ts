import "server-only";
import { type Kysely, PostgresAdapter, sql } from "kysely";
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
 * Builds the indexes after the load: one sort per index instead of a random B-tree insert per row.
 * Sorts end in seq so paging is stable; SQLite's indexes carry the rowid (= seq) already, so only
 * PostgreSQL's name it.
 */
export async function indexArchiveTable(db: Kysely<Database>, table: ArchiveTableName): Promise<void> {
  const postgres = isPostgres(db);
  const sortKey = (column: "size" | "creation_date" | "decoded_path") => (postgres ? [column, "seq"] : [column]);
  await db.schema.createIndex(`${table}_archive`).on(table).column("archive_id").unique().execute();
  await db.schema.createIndex(`${table}_size`).on(table).columns(sortKey("size")).execute();
  await db.schema.createIndex(`${table}_created`).on(table).columns(sortKey("creation_date")).execute();
  await db.schema.createIndex(`${table}_path`).on(table).columns(sortKey("decoded_path")).execute();
  if (postgres) await sql`analyze ${sql.table(table)}`.execute(db);
}

export async function dropArchiveTable(db: Kysely<Database>, table: string): Promise<void> {
  await db.schema.dropTable(checkedName(table)).ifExists().execute();
}
