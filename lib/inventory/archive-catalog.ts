import "server-only";
import { sql } from "kysely";
import { dbOf, type DbOptions } from "@/lib/db";
import { catalog, checkedName } from "./archive-table";
import { ensureDeferredIndexes } from "./deferred-indexes";
import { coverageKind, coverageLabel } from "./coverage";
import { getInventoryOrThrow, listInventories, searchInventoryArchives } from "./queries";
import { type InventoryArchive, toArchive } from "./rows";

/**
 * The archive wizard's picker: archives of the vault's latest catalogued inventory (lib/inventory),
 * searched on the server, so a vault of 100k archives never travels to the browser whole.
 */

export type CatalogArchive = {
  archiveId: string;
  description: string;
  path: string | null;
  size: number;
  creationDate: string;
};

export type ArchiveCatalog = {
  inventoryId: string;
  vaultName: string;
  inventoryDate: string | null;
  archiveCount: number;
  /** What a partial inventory covers (a window or a page); null for the whole vault. */
  partial: string | null;
  /** The first page, for the picker before anything is typed. */
  initial: CatalogArchive[];
  /** The archive a link named, when the catalog has it (its size lets the byte range be judged fully). */
  linked: CatalogArchiveFacts | null;
};

export const PICKER_PAGE = 50;

function toOption(a: InventoryArchive): CatalogArchive {
  return {
    archiveId: a.archiveId,
    description: a.description,
    path: a.path,
    size: a.size,
    creationDate: a.creationDate,
  };
}

export async function latestArchiveCatalog(
  connectionId: string,
  vaultName: string,
  archiveId: string,
): Promise<ArchiveCatalog | null> {
  const [latest] = await listInventories(connectionId, vaultName);
  if (!latest) return null;
  const [first, linked] = await Promise.all([
    searchInventoryArchives({ inventoryId: latest.id, limit: PICKER_PAGE }),
    // By the id index: a substring search would read the whole inventory for one id.
    findCatalogArchive(connectionId, vaultName, archiveId),
  ]);
  return {
    inventoryId: latest.id,
    vaultName,
    inventoryDate: latest.inventoryDate ?? latest.importedAt,
    archiveCount: latest.archiveCount,
    partial: coverageKind(latest.coverage) === "vault" ? null : coverageLabel(latest.coverage),
    initial: first.rows.map(toOption),
    linked,
  };
}

/** Up to a page of the inventory's archives matching `query` (path, description or exact id). */
export async function searchCatalogArchives(
  connectionId: string,
  inventoryId: string,
  query: string,
): Promise<CatalogArchive[] | null> {
  const inventory = await getInventoryOrThrow(inventoryId).catch(() => null);
  // Another connection's inventory is not this user's to search from here.
  if (!inventory || inventory.connectionId !== connectionId) return null;
  const page = await searchInventoryArchives({ inventoryId, query, limit: PICKER_PAGE });
  return page.rows.map(toOption);
}

/** An archive as the catalog knows it, with the vault and inventory that list it. */
export type CatalogArchiveFacts = CatalogArchive & {
  vaultName: string;
  inventoryId: string;
  inventoryDate: string | null;
};

/** How many of the vault's inventories, newest first, an id is looked for in (each an index lookup). */
const LOOKUP_INVENTORIES = 5;

/**
 * The archive with this id in the newest of the vault's catalogued inventories that lists it (a
 * windowed or paged inventory may not), by the archive-id index: the wizard looks a pasted id up as
 * it is typed, and the submission prices the job with its size.
 */
export async function findCatalogArchive(
  connectionId: string,
  vaultName: string,
  archiveId: string,
  options: DbOptions = {},
): Promise<CatalogArchiveFacts | null> {
  const id = archiveId.trim();
  if (id === "") return null;
  const db = await dbOf(options);
  const inventories = await db
    .selectFrom("inventories")
    .select(["id", "archive_table", "inventory_date", "imported_at"])
    .where("connection_id", "=", connectionId)
    .where("vault_name", "=", vaultName)
    .where("status", "=", "complete")
    .orderBy(sql`coalesce(inventory_date, imported_at)`, "desc")
    .orderBy("imported_at", "desc")
    .limit(LOOKUP_INVENTORIES)
    .execute();
  for (const inventory of inventories) {
    // After a restart an inventory may still lack its id index (built in the background after import).
    ensureDeferredIndexes(db, inventory.archive_table);
    const row = await catalog(db)
      .selectFrom(checkedName(inventory.archive_table))
      .selectAll()
      .where("archive_id", "=", id)
      .executeTakeFirst();
    if (row)
      return {
        ...toOption(toArchive(row)),
        vaultName,
        inventoryId: inventory.id,
        inventoryDate: inventory.inventory_date ?? inventory.imported_at,
      };
  }
  return null;
}
