/** Vault inventories: selection by InventoryRetrievalParameters and Glacier's JSON/CSV output. */
export {
  formatInventory,
  inventoryContentType,
  INVENTORY_CSV_COLUMNS,
  type FormatInventoryOptions,
} from "./format";
export {
  decodeInventoryMarker,
  encodeInventoryMarker,
  InventoryMarkerError,
  type InventoryMarker,
} from "./marker";
export { selectInventory, type InventorySelection } from "./selection";
export type { ArchiveSource, InventoryArchive } from "./types";
