import "server-only";
import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { type Database, dbOf, type DbOptions, isUniqueViolation } from "@/lib/db";
import {
  ARCHIVE_COLUMNS,
  archiveTableName,
  checkedName,
  createArchiveTable,
  dropArchiveTable,
  indexArchiveTable,
} from "./archive-table";
import { JOB_INDEX } from "./import";
import { importingInventoryRow, type InventoryRow, type InventorySummary, toNumber, toSummary } from "./rows";

/**
 * The pages of a Limit/Marker inventory run (each page's DescribeJob Marker starts the next;
 * docs.aws.amazon.com/amazonglacier/latest/dev/api-describe-job-get.html) merged into one catalog
 * version once the last page (no Marker) is imported. The copy is INSERT … SELECT per page inside
 * the database, so memory does not grow with the run. The merged version's job_id is
 * `merged:<last page's job>`: unique per connection, so merging the same run twice finds the first.
 */

export const MERGED_JOB_PREFIX = "merged:";

/** The merged version's job_id for a run whose last page was `lastJobId`. */
export function mergedJobId(lastJobId: string): string {
  return `${MERGED_JOB_PREFIX}${lastJobId}`;
}

/** Where a version is shown: its job's page, or the last page's job page with `?catalog=merged`. */
export function versionHref(jobId: string | null): string | null {
  if (jobId === null) return null;
  if (!jobId.startsWith(MERGED_JOB_PREFIX)) return `/jobs/${encodeURIComponent(jobId)}#catalog`;
  return `/jobs/${encodeURIComponent(jobId.slice(MERGED_JOB_PREFIX.length))}?catalog=merged#catalog`;
}

/** The job a version came from, or null for a merged run (no single job). */
export function sourceJobOf(jobId: string | null): string | null {
  return jobId?.startsWith(MERGED_JOB_PREFIX) ? null : jobId;
}

/** The run's pages in order, first to `last`; null while a page is missing. */
async function runPages(db: Kysely<Database>, last: InventoryRow): Promise<InventoryRow[] | null> {
  const pages = [last];
  const seen = new Set([last.id]);
  for (let marker = last.coverage_marker; marker !== null;) {
    let query = db
      .selectFrom("inventories")
      .selectAll()
      .where("connection_id", "=", last.connection_id)
      .where("vault_name", "=", last.vault_name)
      .where("status", "=", "complete")
      .where("next_marker", "=", marker);
    // Pages of one run share its window.
    query =
      last.coverage_start === null
        ? query.where("coverage_start", "is", null)
        : query.where("coverage_start", "=", last.coverage_start);
    query =
      last.coverage_end === null
        ? query.where("coverage_end", "is", null)
        : query.where("coverage_end", "=", last.coverage_end);
    const page = await query.orderBy("imported_at", "desc").executeTakeFirst();
    if (!page || seen.has(page.id)) return null;
    seen.add(page.id);
    pages.unshift(page);
    marker = page.coverage_marker;
  }
  return pages;
}

/**
 * When `inventoryId` is the last page of a paged run whose every page is imported, merges the pages
 * into one version covering the run's window (the whole vault without one) and returns it; else null.
 */
export async function mergePagedRun(
  inventoryId: string,
  options: DbOptions = {},
): Promise<{ inventory: InventorySummary; pages: number } | null> {
  const db = await dbOf(options);
  const last = await db
    .selectFrom("inventories")
    .selectAll()
    .where("id", "=", inventoryId)
    .executeTakeFirst();
  if (!last || last.status !== "complete" || last.next_marker !== null || last.coverage_marker === null)
    return null;
  const pages = await runPages(db, last);
  if (!pages) return null;
  const jobId = mergedJobId(last.job_id ?? last.id);
  const existing = await db
    .selectFrom("inventories")
    .selectAll()
    .where("connection_id", "=", last.connection_id)
    .where("job_id", "=", jobId)
    .executeTakeFirst();
  if (existing?.status === "complete") return { inventory: toSummary(existing), pages: pages.length };
  if (existing) {
    await dropArchiveTable(db, existing.archive_table);
    await db.deleteFrom("inventories").where("id", "=", existing.id).execute();
  }

  const id = randomUUID();
  const table = archiveTableName(id);
  const window = {
    startDate: last.coverage_start,
    endDate: last.coverage_end,
    limit: null,
    startMarker: null,
    nextMarker: null,
  };
  try {
    await db
      .insertInto("inventories")
      .values(
        importingInventoryRow(
          {
            id,
            connection_id: last.connection_id,
            vault_name: last.vault_name,
            vault_arn: last.vault_arn,
            inventory_date: last.inventory_date,
            job_id: jobId,
            format: last.format,
            archive_table: table,
          },
          window,
        ),
      )
      .execute();
  } catch (error) {
    // Another task merged the same run at the same moment.
    if (isUniqueViolation(error, JOB_INDEX)) return null;
    throw error;
  }
  try {
    await createArchiveTable(db, table);
    const columns = sql.join(ARCHIVE_COLUMNS.map((c) => sql.ref(c)));
    const rest = sql.join(ARCHIVE_COLUMNS.filter((c) => c !== "seq").map((c) => sql.ref(c)));
    let offset = 0;
    let bytes = 0;
    for (const page of pages) {
      const from = checkedName(page.archive_table);
      await sql`insert into ${sql.table(table)} (${columns})
        select seq + ${sql.lit(offset)}, ${rest} from ${sql.table(from)} order by seq`.execute(db);
      offset += toNumber(page.archive_count);
      bytes += toNumber(page.total_bytes);
    }
    // The unique ArchiveId index refuses a run whose pages overlap.
    await indexArchiveTable(db, table);
    const row = await db
      .updateTable("inventories")
      .set({
        status: "complete",
        archive_count: offset,
        total_bytes: bytes,
        imported_at: new Date().toISOString(),
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { inventory: toSummary(row), pages: pages.length };
  } catch (error) {
    await dropArchiveTable(db, table).catch(() => undefined);
    await db
      .updateTable("inventories")
      .set({
        status: "failed",
        error: (error instanceof Error ? error.message : String(error)).slice(0, 2000),
      })
      .where("id", "=", id)
      .execute()
      .catch(() => undefined);
    throw error;
  }
}
