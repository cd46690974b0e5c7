import "server-only";
import { type Insertable, type Selectable } from "kysely";
import { DESCRIPTION_FORMATS, type DescriptionFormat } from "@/lib/glacier/descriptions";
import { type InventoriesTable, type InventoryArchivesTable } from "@/lib/db/schema";
import { type InventoryCoverage } from "./coverage";

/** What pages show of an inventory. */
export interface InventorySummary {
  id: string;
  connectionId: string;
  vaultName: string;
  vaultArn: string | null;
  inventoryDate: string | null;
  jobId: string | null;
  format: "JSON" | "CSV";
  archiveCount: number;
  totalBytes: number;
  status: InventoriesTable["status"];
  error: string | null;
  startedAt: string;
  importedAt: string | null;
  /** Whole vault, a date window or a page of a paged run. */
  coverage: InventoryCoverage;
}

/** One archive of a catalogued inventory. */
export interface InventoryArchive {
  /** 1-based position in the inventory. */
  seq: number;
  archiveId: string;
  description: string;
  /** Decoded from the description, or from a Synology mapping database; null when unknown. */
  path: string | null;
  format: DescriptionFormat | "synology";
  modified: string | null;
  creationDate: string;
  size: number;
  treeHash: string;
}

export type InventoryRow = Selectable<InventoriesTable>;

// PostgreSQL returns bigint sums as strings; both dialects' counts pass through Number.
export function toNumber(value: unknown): number {
  return typeof value === "number" ? value : Number(value ?? 0);
}

export function toSummary(row: InventoryRow): InventorySummary {
  return {
    id: row.id,
    connectionId: row.connection_id,
    vaultName: row.vault_name,
    vaultArn: row.vault_arn,
    inventoryDate: row.inventory_date,
    jobId: row.job_id,
    format: row.format,
    archiveCount: toNumber(row.archive_count),
    totalBytes: toNumber(row.total_bytes),
    status: row.status,
    error: row.error,
    startedAt: row.started_at,
    importedAt: row.imported_at,
    coverage: coverageOfRow(row),
  };
}

export function coverageOfRow(row: InventoryRow): InventoryCoverage {
  return {
    startDate: row.coverage_start,
    endDate: row.coverage_end,
    limit: row.coverage_limit === null ? null : toNumber(row.coverage_limit),
    startMarker: row.coverage_marker,
    nextMarker: row.next_marker,
  };
}

export function coverageColumns(c: InventoryCoverage) {
  return {
    coverage_start: c.startDate,
    coverage_end: c.endDate,
    coverage_limit: c.limit,
    coverage_marker: c.startMarker,
    next_marker: c.nextMarker,
  };
}

/** What identifies a new inventory; the rest of its row starts as an import in progress. */
export type NewInventory = Pick<
  InventoriesTable,
  | "id"
  | "connection_id"
  | "vault_name"
  | "vault_arn"
  | "inventory_date"
  | "job_id"
  | "format"
  | "archive_table"
>;

/** A new `inventories` row for an import starting now: empty, `importing`, with its coverage. */
export function importingInventoryRow(
  inventory: NewInventory,
  coverage: InventoryCoverage,
  now = new Date().toISOString(),
): Insertable<InventoriesTable> {
  return {
    ...inventory,
    archive_count: 0,
    total_bytes: 0,
    status: "importing",
    error: null,
    started_at: now,
    heartbeat_at: now,
    imported_at: null,
    ...coverageColumns(coverage),
  };
}

export function archiveFormat(value: string): InventoryArchive["format"] {
  if (value === "synology") return value;
  return DESCRIPTION_FORMATS.find((f) => f === value) ?? "unknown";
}

export function toArchive(row: Selectable<InventoryArchivesTable>): InventoryArchive {
  return {
    seq: toNumber(row.seq),
    archiveId: row.archive_id,
    description: row.description,
    path: row.decoded_path === "" ? null : row.decoded_path,
    format: archiveFormat(row.decoded_format),
    modified: row.decoded_modified,
    creationDate: row.creation_date,
    size: toNumber(row.size),
    treeHash: row.tree_hash,
  };
}
