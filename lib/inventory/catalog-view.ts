/** Plain data of the inventory catalog browser (components/inventory). Types only. */

import type { DateBucket, SizeBucket } from "./analysis";
import type { InventoryTotals } from "./queries";

export type CatalogArchiveRow = {
  archiveId: string;
  description: string;
  /** Decoded name (description formats or Synology mapping), Unicode intact; null when none. */
  path: string | null;
  format: string;
  size: number;
  creationDate: string;
  modified: string | null;
  empty: boolean;
  /** Its path or description occurs more than once in this inventory. */
  duplicate: boolean;
  /** The archive wizard, prefilled with this archive. */
  retrieveHref: string;
};

export type CatalogView = {
  inventory: {
    id: string;
    vaultName: string;
    inventoryDate: string | null;
    importedAt: string | null;
    format: "JSON" | "CSV";
  };
  query: { q: string; sort: "size" | "date" | "path"; dir: "asc" | "desc"; page: number };
  pageSize: number;
  total: number;
  rows: CatalogArchiveRow[];
  totals: InventoryTotals;
  sizes: SizeBucket[];
  dates: { granularity: string; buckets: DateBucket[] };
  diff: {
    previousId: string;
    previousDate: string | null;
    added: number;
    removed: number;
    addedSample: string[];
    removedSample: string[];
  } | null;
  versions: Array<{ id: string; date: string | null; archives: number; jobId: string | null }>;
  synology: { namedArchives: number; mappingVault: string | null };
};
