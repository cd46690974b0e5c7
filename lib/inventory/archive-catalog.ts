import "server-only";
import { coverageKind, coverageLabel } from "./coverage";
import { getInventoryOrThrow, listInventories, searchInventoryArchives } from "./queries";
import { type InventoryArchive } from "./rows";

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
  /** The archive a link named, when the inventory has it (its size lets the byte range be judged fully). */
  linked: CatalogArchive | null;
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
    archiveId
      ? searchInventoryArchives({ inventoryId: latest.id, query: archiveId, limit: PICKER_PAGE })
      : undefined,
  ]);
  return {
    inventoryId: latest.id,
    vaultName,
    inventoryDate: latest.inventoryDate ?? latest.importedAt,
    archiveCount: latest.archiveCount,
    partial: coverageKind(latest.coverage) === "vault" ? null : coverageLabel(latest.coverage),
    initial: first.rows.map(toOption),
    linked: linked?.rows.find((a) => a.archiveId === archiveId) ?? null,
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
