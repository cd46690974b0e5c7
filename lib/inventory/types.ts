import { DomainError } from "@/lib/errors";

/** One archive of a Glacier inventory (glacier-api.md §6), as the parsers produce it. */
export interface InventoryEntry {
  archiveId: string;
  /** ArchiveDescription exactly as Glacier returned it (may be ""). */
  description: string;
  /** ISO 8601 UTC as Glacier wrote it (`2012-05-15T17:19:46.700Z`). */
  creationDate: string;
  size: number;
  treeHash: string;
}

/** The inventory's own fields: JSON inventories carry them, CSV inventories do not. */
export interface InventoryHeader {
  vaultArn: string | null;
  inventoryDate: string | null;
}

export type InventoryFormat = "JSON" | "CSV";

/** Where in the input a problem is: always the byte offset, plus the line (CSV) or the archive's ordinal. */
export interface InventoryErrorPosition {
  byte: number;
  line?: number;
  /** 1-based position of the archive in the inventory. */
  archive?: number;
}

/**
 * The inventory is corrupt or truncated. Entries already produced must be discarded: the parser
 * never presents a partial inventory as complete.
 */
export class InventoryParseError extends DomainError {
  readonly byte: number;
  readonly line: number | undefined;
  readonly archive: number | undefined;

  constructor(problem: string, position: InventoryErrorPosition) {
    const where = [
      position.line === undefined ? null : `line ${position.line}`,
      position.archive === undefined ? null : `archive #${position.archive}`,
      `byte ${position.byte}`,
    ].filter((part) => part !== null);
    super(`Invalid inventory at ${where.join(", ")}: ${problem}`, { status: 422 });
    this.name = "InventoryParseError";
    this.byte = position.byte;
    this.line = position.line;
    this.archive = position.archive;
  }
}
