import "server-only";
import { sql } from "kysely";
import { AwsOperationError } from "@/lib/aws/errors";
import { listAllVaults } from "@/lib/aws/vaults";
import { dbOf } from "@/lib/db";
import { shareLinkPath } from "@/lib/glacier/share-link";
import type { ActiveTarget } from "@/lib/session";
import { creationDateHistogram, sizeHistogram } from "./analysis";
import { catalog, checkedName } from "./archive-table";
import { type CatalogArchiveRow, type CatalogView, type CoverageView } from "./catalog-view";
import { diffWithComparable } from "./comparison";
import { mergedJobId, sourceJobOf, versionHref } from "./merge-pages";
import {
  allArchivesLabel,
  coverageKind,
  coverageLabel,
  type InventoryCoverage,
  windowLabel,
} from "./coverage";
import { getInventoryRowOrThrow, inventoryTotals, listInventories, searchInventoryArchives } from "./queries";
import { type InventoryArchive, toSummary } from "./rows";

/** The inventory catalog browser's data for one inventory and the URL's search, sort and page. */

export const CATALOG_PAGE_SIZE = 50;

/** Parsed from the URL by components/inventory/search-params.ts. */
export type CatalogQuery = { q: string; sort: "size" | "date" | "path"; dir: "asc" | "desc"; page: number };

/** Which of these paths / descriptions occur more than once in the whole inventory. */
async function repeated(
  inventoryId: string,
  column: "decoded_path" | "description",
  values: string[],
): Promise<Set<string>> {
  const present = values.filter((v) => v !== "");
  if (present.length === 0) return new Set();
  const db = await dbOf({});
  const table = checkedName((await getInventoryRowOrThrow(db, inventoryId)).archive_table);
  const rows = await catalog(db)
    .selectFrom(table)
    .select([sql.ref<string>(column).as("value")])
    .where(sql.ref(column), "in", present)
    .groupBy(sql.ref(column))
    .having((eb) => eb.fn.countAll(), ">", 1)
    .execute();
  return new Set(rows.map((r) => r.value));
}

function toRow(
  a: InventoryArchive,
  vaultName: string,
  connectionName: string,
  dupPaths: Set<string>,
  dupDescriptions: Set<string>,
): CatalogArchiveRow {
  return {
    archiveId: a.archiveId,
    description: a.description,
    path: a.path,
    format: a.format,
    size: a.size,
    creationDate: a.creationDate,
    modified: a.modified,
    empty: a.description.trim() === "",
    duplicate: (a.path !== null && dupPaths.has(a.path)) || dupDescriptions.has(a.description),
    retrieveHref: shareLinkPath(
      "archive",
      { vault: vaultName, ArchiveId: a.archiveId },
      { connection: connectionName },
    ),
  };
}

async function mappingVaultExists(active: ActiveTarget, vaultName: string): Promise<boolean> {
  try {
    return (await listAllVaults(active.target)).some((v) => v.name === `${vaultName}_mapping`);
  } catch (error) {
    if (error instanceof AwsOperationError) return false;
    throw error;
  }
}

function coverageView(
  coverage: InventoryCoverage,
  vaultName: string,
  format: "JSON" | "CSV",
  connectionName: string,
): Omit<CoverageView, "mergedHref"> {
  const next = coverage.nextMarker;
  return {
    kind: coverageKind(coverage),
    label: coverageLabel(coverage),
    allLabel: allArchivesLabel(coverage),
    nextPageHref:
      next === null
        ? null
        : shareLinkPath(
            "inventory",
            {
              vault: vaultName,
              Format: format,
              InventoryRetrievalParameters: {
                StartDate: coverage.startDate ?? "",
                EndDate: coverage.endDate ?? "",
                Limit: coverage.limit === null ? "" : String(coverage.limit),
                Marker: next,
              },
            },
            { connection: connectionName },
          ),
  };
}

export async function loadCatalog(
  active: ActiveTarget,
  inventoryId: string,
  query: CatalogQuery,
): Promise<CatalogView> {
  const db = await dbOf({});
  const inventory = await getInventoryRowOrThrow(db, inventoryId);
  const vaultName = inventory.vault_name;
  const page = await searchInventoryArchives({
    inventoryId,
    query: query.q,
    sort: query.sort,
    direction: query.dir,
    limit: CATALOG_PAGE_SIZE,
    offset: (query.page - 1) * CATALOG_PAGE_SIZE,
  });
  const [dupPaths, dupDescriptions] = await Promise.all([
    repeated(
      inventoryId,
      "decoded_path",
      page.rows.map((r) => r.path ?? ""),
    ),
    repeated(
      inventoryId,
      "description",
      page.rows.map((r) => r.description),
    ),
  ]);
  const versions = await listInventories(active.connection.id, vaultName);
  const summary = toSummary(inventory);
  const diff = await diffWithComparable(summary, { limit: 10 });
  const names = await db
    .selectFrom("archive_names")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("connection_id", "=", active.connection.id)
    .where("vault_name", "=", vaultName)
    .executeTakeFirst();
  const named = Number(names?.n ?? 0);
  return {
    inventory: {
      id: inventory.id,
      vaultName,
      inventoryDate: inventory.inventory_date,
      importedAt: inventory.imported_at,
      format: inventory.format,
      coverage: {
        ...coverageView(summary.coverage, vaultName, inventory.format, active.connection.name),
        mergedHref: versionHref(
          versions.find((v) => inventory.job_id !== null && v.jobId === mergedJobId(inventory.job_id))
            ?.jobId ?? null,
        ),
      },
    },
    query,
    pageSize: CATALOG_PAGE_SIZE,
    total: page.total,
    rows: page.rows.map((a) => toRow(a, vaultName, active.connection.name, dupPaths, dupDescriptions)),
    totals: await inventoryTotals(inventoryId),
    sizes: await sizeHistogram(inventoryId),
    dates: await creationDateHistogram(inventoryId),
    diff: diff && {
      previousId: diff.previous.id,
      previousDate: diff.previous.inventoryDate ?? diff.previous.importedAt,
      added: diff.added.count,
      removed: diff.removed.count,
      addedSample: diff.added.archives.map((a) => a.path ?? a.archiveId),
      removedSample: diff.removed.archives.map((a) => a.path ?? a.archiveId),
      windowLabel: diff.window && windowLabel(diff.window),
    },
    versions: versions.map((v) => ({
      id: v.id,
      date: v.inventoryDate ?? v.importedAt,
      archives: v.archiveCount,
      jobId: sourceJobOf(v.jobId),
      href: versionHref(v.jobId),
      partial: coverageKind(v.coverage) === "vault" ? null : coverageLabel(v.coverage),
    })),
    synology: {
      namedArchives: named,
      mappingVault:
        named === 0 && (await mappingVaultExists(active, vaultName)) ? `${vaultName}_mapping` : null,
    },
  };
}
