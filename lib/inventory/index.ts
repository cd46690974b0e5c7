/** The inventory catalog (server-only): streaming parse, import, and the queries pages need. */
export { InventoryParseError, parseInventory, type InventoryParser, type InventorySource, type ParseInventoryOptions } from "./parse";
export type { InventoryEntry, InventoryFormat, InventoryHeader } from "./types";
export { importInventory, type ImportInventoryInput, type ImportInventoryResult, type ImportProgress } from "./import";
export {
  deleteInventory,
  getInventoryOrThrow,
  inventoryTotals,
  listInventories,
  searchInventoryArchives,
  type ArchivePage,
  type ArchiveSort,
  type InventoryTotals,
  type SearchInventoryArchivesInput,
} from "./queries";
export { creationDateHistogram, diffInventories, sizeHistogram, type DateBucket, type InventoryDiff, type SizeBucket } from "./analysis";
export { importSynologyMapping, type ImportSynologyMappingInput, type SynologyMappingResult } from "./synology";
export {
  InventoryImportError,
  InventoryImportInProgressError,
  InventoryNotFoundError,
  SynologyMappingError,
} from "./errors";
export type { InventoryArchive, InventorySummary } from "./rows";
