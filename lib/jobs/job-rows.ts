import "server-only";
import { type Kysely, sql } from "kysely";
import { getConfig } from "@/lib/config";
import { type Database, dbOf, type DbOptions } from "@/lib/db";
import { decodeDescription } from "@/lib/glacier/descriptions";
import { byteRangeLength } from "@/lib/glacier/byte-range";
import { type JobCost } from "@/lib/glacier/job-cost";
import { type PricingTable } from "@/lib/glacier/pricing";
import { catalogDescriptions } from "@/lib/inventory";

import { retrievalRangeOf, retrievedBytesOf } from "./retrieved-size";
import { storedCostOf } from "./stored-cost";
import { type JobListRow, type JobStatus } from "./view-types";

/**
 * Reads jobs with their tracking state and the archive's best known name: the description Thaw saw
 * (GetJobOutput) or the newest imported inventory's, and a Synology mapping name over either.
 */

/** The catalog can name the archive, or give the size the job's price was waiting for. */
function wantsCatalog(r: JobRowData): boolean {
  if (r.archive_description === null && r.mapped_name === null) return true;
  return storedCostOf(r, null).basis === "unknown";
}

/**
 * Fills, from the catalog, archive descriptions Thaw has not seen and the size of archives whose
 * price is still unknown (one query per vault and 500 ids).
 */
async function withCatalogNames(
  db: Kysely<Database>,
  connectionId: string,
  rows: JobRowData[],
): Promise<JobRowData[]> {
  const wanted = new Map<string, Set<string>>();
  for (const r of rows) {
    if (r.archive_id === null || !wantsCatalog(r)) continue;
    const ids = wanted.get(r.vault_name) ?? new Set<string>();
    ids.add(r.archive_id);
    wanted.set(r.vault_name, ids);
  }
  if (wanted.size === 0) return rows;
  const found = await catalogDescriptions(db, connectionId, wanted);
  return rows.map((r) => {
    const archive = r.archive_id === null ? undefined : found.get(r.archive_id);
    if (archive === undefined) return r;
    return {
      ...r,
      archive_description: r.archive_description ?? archive.description,
      catalog_size: archive.size,
    };
  });
}

function baseQuery(db: Kysely<Database>, connectionId: string) {
  return db
    .selectFrom("jobs")
    .leftJoin("job_tracking as t", "t.job_id", "jobs.id")
    .leftJoin("archive_names as n", (join) =>
      join
        .onRef("n.connection_id", "=", "jobs.connection_id")
        .onRef("n.vault_name", "=", "jobs.vault_name")
        .onRef("n.archive_id", "=", "jobs.archive_id"),
    )
    .selectAll("jobs")
    .select([
      "t.origin",
      "t.last_description",
      "t.output_size_bytes",
      "t.expires_at",
      "t.gone_at",
      "t.output_downloaded_at",
      "t.output_verified",
      "t.output_verified_at",
      "t.output_tree_hash",
      "n.path as mapped_name",
      "t.archive_description",
      // The archive's size in the catalog, filled by withCatalogNames when a price waits for it.
      sql<number | null>`null`.as("catalog_size"),
    ])
    .where("jobs.connection_id", "=", connectionId)
    .where("jobs.submission_status", "!=", "failed");
}

export type JobRowQuery = ReturnType<typeof baseQuery>;

export type JobRowData = Awaited<ReturnType<ReturnType<typeof baseQuery>["executeTakeFirstOrThrow"]>>;

export function statusOf(row: Pick<JobRowData, "status_code" | "submission_status">): JobStatus {
  if (row.status_code === "InProgress" || row.status_code === "Succeeded" || row.status_code === "Failed")
    return row.status_code;
  return row.submission_status === "submitting" ? "Submitting" : "Unknown";
}

/** The archive's name as a person knows it, or null when nothing names it. */
export function archiveNameOf(row: Pick<JobRowData, "mapped_name" | "archive_description">): string | null {
  if (row.mapped_name) return row.mapped_name;
  if (row.archive_description === null) return null;
  const decoded = decodeDescription(row.archive_description);
  return decoded.path ?? (decoded.format === "empty" ? null : decoded.raw);
}

/** The job's stored figure (lib/jobs/stored-cost), the one the list, the job page and the overview show. */
export function costOf(row: JobRowData, pricing: PricingTable): JobCost {
  const range = retrievalRangeOf(row);
  return storedCostOf(row, range ? byteRangeLength(range) : null, pricing);
}

export function toListRow(row: JobRowData, pricing: PricingTable): JobListRow {
  const cost = costOf(row, pricing);
  return {
    key: row.id,
    jobId: row.glacier_job_id,
    type: row.job_type,
    vault: row.vault_name,
    archive: archiveNameOf(row),
    archiveId: row.archive_id,
    description: row.description,
    tier: row.tier,
    status: statusOf(row),
    statusMessage: row.status_message,
    created: row.glacier_creation_date ?? row.created_at,
    recordedAt: row.created_at,
    completed: row.completion_date,
    size: retrievedBytesOf(row),
    expiresAt: row.expires_at,
    gone: row.gone_at !== null,
    downloaded: row.output_downloaded_at !== null,
    verified: row.output_verified,
    cost,
    costUsd: cost.usd,
    imported: row.origin === "imported",
  };
}

export type RowQueryOptions = DbOptions & { pricing?: PricingTable };

/** The connection's jobs that `narrow` picks and orders, named from the catalogue and priced. */
export async function selectJobRows(
  connectionId: string,
  options: RowQueryOptions,
  narrow: (query: JobRowQuery) => JobRowQuery,
): Promise<JobListRow[]> {
  const db = await dbOf(options);
  const rows = await withCatalogNames(db, connectionId, await narrow(baseQuery(db, connectionId)).execute());
  const pricing = options.pricing ?? getConfig().pricing;
  return rows.map((r) => toListRow(r, pricing));
}

/** Every job of the connection (Thaw's and imported; not rejected submissions), newest first. */
export async function listJobRows(
  connectionId: string,
  options: RowQueryOptions = {},
): Promise<JobListRow[]> {
  return selectJobRows(connectionId, options, (query) => query.orderBy("jobs.created_at", "desc"));
}

/** Where the live feed has read up to: rows changed after (updatedAt, key). */
export type FeedCursor = { updatedAt: string; key: string };

/**
 * Jobs changed after `after`, oldest change first, at most `limit` (a sync that imports 50 000 jobs
 * reaches the feed in pages, not in one event). `next` is the last row's position.
 */
export async function listChangedJobRows(
  connectionId: string,
  after: FeedCursor,
  options: RowQueryOptions & { limit?: number } = {},
): Promise<{ rows: JobListRow[]; next: FeedCursor | null }> {
  const limit = options.limit ?? 500;
  const db = await dbOf(options);
  const found = await baseQuery(db, connectionId)
    .where((eb) => eb(eb.refTuple("jobs.updated_at", "jobs.id"), ">", eb.tuple(after.updatedAt, after.key)))
    .orderBy("jobs.updated_at")
    .orderBy("jobs.id")
    .limit(limit)
    .execute();
  const last = found.at(-1);
  const rows = await withCatalogNames(db, connectionId, found);
  const pricing = options.pricing ?? getConfig().pricing;
  return {
    rows: rows.map((r) => toListRow(r, pricing)),
    next: last ? { updatedAt: last.updated_at, key: last.id } : null,
  };
}

/** One job with everything tracking knows, by Glacier job id. */
export async function getJobRow(
  connectionId: string,
  glacierJobId: string,
  options: RowQueryOptions = {},
): Promise<JobRowData | undefined> {
  const db = await dbOf(options);
  const row = await baseQuery(db, connectionId)
    .where("jobs.glacier_job_id", "=", glacierJobId)
    .executeTakeFirst();
  return row && (await withCatalogNames(db, connectionId, [row]))[0];
}
