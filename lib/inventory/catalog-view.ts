/** Plain data of the inventory catalog browser (components/inventory). Types only. */

import type { DateBucket, SizeBucket } from "./analysis";
import type { CoverageKind } from "./coverage";
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

/** What an inventory covers, in words, and the way to go on when it is a page of a paged run. */
export type CoverageView = {
  kind: CoverageKind;
  /** "the whole vault", "a date window only: archives created …", "the first page of a paged run only …". */
  label: string;
  /** "" for the whole vault, else " in this window" / " on this page": after "all N archives". */
  allLabel: string;
  /** The inventory wizard prefilled for the next page (same window, Limit and the last Marker). */
  nextPageHref: string | null;
  /** For the last page of a run whose pages were merged: the merged version's catalog. */
  mergedHref: string | null;
};

export type CatalogView = {
  inventory: {
    id: string;
    vaultName: string;
    inventoryDate: string | null;
    importedAt: string | null;
    format: "JSON" | "CSV";
    coverage: CoverageView;
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
    /** Set when a whole-vault inventory was cut to this window to compare like with like. */
    windowLabel: string | null;
  } | null;
  versions: Array<{
    id: string;
    date: string | null;
    archives: number;
    jobId: string | null;
    /** Its catalog page (a merged run's: the last page's job page with ?catalog=merged). */
    href: string | null;
    /** Null for the whole vault; else what the version covers. */
    partial: string | null;
  }>;
  synology: { namedArchives: number; mappingVault: string | null };
};
