import "server-only";
import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import { type Database, dbOf, type DbOptions } from "@/lib/db";
import {
  type ArchiveTableName,
  catalog,
  type CatalogDatabase,
  checkedName,
  isPostgres,
} from "./archive-table";
import { InventoryNotFoundError } from "./errors";
import { dropInventoryTable, ensureDeferredIndexes } from "./deferred-indexes";
import {
  archiveFormat,
  type InventoryArchive,
  type InventoryRow,
  type InventorySummary,
  toArchive,
  toNumber,
  toSummary,
} from "./rows";

/** The complete inventory imported from an inventory-retrieval job, if any (the job page links to it). */
export async function inventoryOfJob(
  connectionId: string,
  glacierJobId: string,
  options: DbOptions = {},
): Promise<{ id: string; importedAt: string | null } | null> {
  const db = await dbOf(options);
  const row = await db
    .selectFrom("inventories")
    .select(["id", "imported_at"])
    .where("connection_id", "=", connectionId)
    .where("job_id", "=", glacierJobId)
    .where("status", "=", "complete")
    .executeTakeFirst();
  return row ? { id: row.id, importedAt: row.imported_at } : null;
}

/** A complete inventory's row; importing and failed ones do not exist for readers. */
export async function getInventoryRowOrThrow(
  db: Kysely<Database>,
  inventoryId: string,
): Promise<InventoryRow> {
  const row = await db
    .selectFrom("inventories")
    .selectAll()
    .where("id", "=", inventoryId)
    .where("status", "=", "complete")
    .executeTakeFirst();
  if (!row) throw new InventoryNotFoundError(inventoryId);
  // An inventory imported before a restart may still lack its sort indexes (built after the import).
  ensureDeferredIndexes(db, row.archive_table);
  return row;
}

export async function getInventoryOrThrow(
  inventoryId: string,
  options: DbOptions = {},
): Promise<InventorySummary> {
  return toSummary(await getInventoryRowOrThrow(await dbOf(options), inventoryId));
}

/** The vault's catalogued inventories, newest first. */
export async function listInventories(
  connectionId: string,
  vaultName: string,
  options: DbOptions = {},
): Promise<InventorySummary[]> {
  const db = await dbOf(options);
  const rows = await db
    .selectFrom("inventories")
    .selectAll()
    .where("connection_id", "=", connectionId)
    .where("vault_name", "=", vaultName)
    .where("status", "=", "complete")
    // CSV inventories carry no InventoryDate; their import time stands in.
    .orderBy(sql`coalesce(inventory_date, imported_at)`, "desc")
    .orderBy("imported_at", "desc")
    .execute();
  return rows.map(toSummary);
}

/**
 * Removes an inventory and its archives (any status). No screen offers it: a plan reads its
 * inventory's archives for as long as it runs (lib/plans writes its items from them as it reaches
 * them), so a caller must first know no plan uses the inventory.
 */
export async function deleteInventory(inventoryId: string, options: DbOptions = {}): Promise<void> {
  const db = await dbOf(options);
  const row = await db
    .selectFrom("inventories")
    .select("archive_table")
    .where("id", "=", inventoryId)
    .executeTakeFirst();
  if (!row) return;
  await dropInventoryTable(db, row.archive_table);
  await db.deleteFrom("inventories").where("id", "=", inventoryId).execute();
}

export type ArchiveSort = "size" | "date" | "path";

export interface SearchInventoryArchivesInput extends DbOptions {
  inventoryId: string;
  /** Case-insensitive substring of the decoded path or the description, or an exact ArchiveId. */
  query?: string;
  sort?: ArchiveSort;
  direction?: "asc" | "desc";
  limit?: number;
  offset?: number;
}

export interface ArchivePage {
  rows: InventoryArchive[];
  total: number;
}

const SORT_COLUMNS = { size: "size", date: "creation_date", path: "decoded_path" } as const;
export const MAX_PAGE = 1000;

/** LIKE pattern for a literal substring: %, _ and the escape character itself are escaped. */
export function containsPattern(query: string): string {
  return `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The catalog's text filter, for a `where` on one inventory's table: the decoded path or the
 * description contains `query` (case-insensitively on both dialects), or it is the archive id.
 */
export function catalogTextMatch(db: Kysely<Database>, table: ArchiveTableName, query: string) {
  const like = isPostgres(db) ? sql.raw("ilike") : sql.raw("like");
  const pattern = containsPattern(query);
  return (eb: ExpressionBuilder<CatalogDatabase, ArchiveTableName>) =>
    eb.or([
      sql<boolean>`decoded_path ${like} ${pattern} escape '\\'`,
      sql<boolean>`description ${like} ${pattern} escape '\\'`,
      eb(`${table}.archive_id`, "=", query),
    ]);
}

/**
 * One page of an inventory's archives. Sorting and paging are served by the per-inventory indexes;
 * a text query scans the inventory (substring match cannot use a B-tree).
 */
export async function searchInventoryArchives(input: SearchInventoryArchivesInput): Promise<ArchivePage> {
  const db = await dbOf(input);
  const inventory = await getInventoryRowOrThrow(db, input.inventoryId);
  const table = checkedName(inventory.archive_table);
  const query = input.query?.trim() ?? "";
  const direction = input.direction ?? "asc";
  const limit = Math.min(Math.max(Math.trunc(input.limit ?? 50), 1), MAX_PAGE);
  const offset = Math.max(Math.trunc(input.offset ?? 0), 0);
  const base = catalog(db)
    .selectFrom(table)
    .$if(query !== "", (q) => q.where(catalogTextMatch(db, table, query)));
  const rows = await base
    .selectAll()
    .orderBy(SORT_COLUMNS[input.sort ?? "path"], direction)
    .orderBy("seq", direction)
    .limit(limit)
    .offset(offset)
    .execute();
  const total =
    query === ""
      ? toNumber(inventory.archive_count)
      : toNumber((await base.select((eb) => eb.fn.countAll().as("n")).executeTakeFirst())?.n);
  return { rows: rows.map(toArchive), total };
}

export interface DuplicateCount {
  /** Distinct values that occur more than once. */
  groups: number;
  /** Archives carrying one of those values. */
  archives: number;
}

export interface InventoryTotals {
  archives: number;
  bytes: number;
  emptyDescriptions: number;
  duplicatePaths: DuplicateCount;
  duplicateDescriptions: DuplicateCount;
  /** Archives and bytes per decoded format. */
  formats: { format: InventoryArchive["format"]; archives: number; bytes: number }[];
}

async function duplicates(
  db: Kysely<Database>,
  table: string,
  column: "decoded_path" | "description",
): Promise<DuplicateCount> {
  const result = await sql<{ groups: unknown; archives: unknown }>`
    select count(*) as groups, coalesce(sum(n), 0) as archives from (
      select count(*) as n from ${sql.table(table)} where ${sql.ref(column)} <> '' group by ${sql.ref(column)} having count(*) > 1
    ) d`.execute(db);
  const row = result.rows[0];
  return { groups: toNumber(row?.groups), archives: toNumber(row?.archives) };
}

export async function inventoryTotals(
  inventoryId: string,
  options: DbOptions = {},
): Promise<InventoryTotals> {
  const db = await dbOf(options);
  const inventory = await getInventoryRowOrThrow(db, inventoryId);
  const table = checkedName(inventory.archive_table);
  const formats = await catalog(db)
    .selectFrom(table)
    .select((eb) => ["decoded_format", eb.fn.countAll().as("archives"), eb.fn.sum("size").as("bytes")])
    .groupBy("decoded_format")
    .orderBy("decoded_format")
    .execute();
  const empty = await catalog(db)
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as("n"))
    .where(sql<string>`trim(description)`, "=", "")
    .executeTakeFirst();
  return {
    archives: toNumber(inventory.archive_count),
    bytes: toNumber(inventory.total_bytes),
    emptyDescriptions: toNumber(empty?.n),
    duplicatePaths: await duplicates(db, table, "decoded_path"),
    duplicateDescriptions: await duplicates(db, table, "description"),
    formats: formats.map((f) => ({
      format: archiveFormat(f.decoded_format),
      archives: toNumber(f.archives),
      bytes: toNumber(f.bytes),
    })),
  };
}
