/**
 * The inventory catalog (server-only): streaming parse, import, the queries and catalog pages, and
 * which archives a selection means. Owns tables: inventories, the per-import inventory_archives_<id>,
 * archive_names (Synology mapping).
 */
export {
  InventoryParseError,
  parseInventory,
  type InventoryParser,
  type InventorySource,
  type ParseInventoryOptions,
} from "./parse";
export type { InventoryEntry, InventoryFormat, InventoryHeader } from "./types";
export {
  importInventory,
  type ImportInventoryInput,
  type ImportInventoryResult,
  type ImportProgress,
} from "./import";
export {
  deleteInventory,
  getInventoryOrThrow,
  getInventoryRowOrThrow,
  inventoryOfJob,
  inventoryTotals,
  listInventories,
  searchInventoryArchives,
  type ArchivePage,
  type ArchiveSort,
  type InventoryTotals,
  type SearchInventoryArchivesInput,
} from "./queries";
export {
  creationDateHistogram,
  diffInventories,
  sizeHistogram,
  type DateBucket,
  type InventoryDiff,
  type SizeBucket,
} from "./analysis";
export {
  importSynologyMapping,
  type ImportSynologyMappingInput,
  type SynologyMappingResult,
} from "./synology";
export {
  InventoryImportError,
  InventoryImportInProgressError,
  InventoryNotFoundError,
  SynologyMappingError,
} from "./errors";
export type { InventoryArchive, InventoryRow, InventorySummary } from "./rows";
export { dataVaultOf } from "./names";
export { mergedJobId, mergePagedRun, sourceJobOf, versionHref } from "./merge-pages";
export { diffWithComparable, comparableVersion } from "./comparison";
export {
  allArchivesLabel,
  coverageKind,
  coverageLabel,
  coverageOfJob,
  type CoverageKind,
  type InventoryCoverage,
  sameCoverage,
  WHOLE_VAULT,
} from "./coverage";
export { catalogDescriptions } from "./catalog-names";
export { CATALOG_PAGE_SIZE, loadCatalog, type CatalogQuery } from "./catalog-page-data";
export type { CatalogArchiveRow, CatalogView } from "./catalog-view";
export {
  findCatalogArchive,
  latestArchiveCatalog,
  PICKER_PAGE,
  searchCatalogArchives,
  type ArchiveCatalog,
  type CatalogArchive,
  type CatalogArchiveFacts,
} from "./archive-catalog";
export {
  selectionSource,
  selectionTotalsOf,
  type SelectionTotals,
  type SelectionTotalsWithSmallest,
} from "./selection";
