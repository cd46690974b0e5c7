/** Field rules every inventory entry must meet, whatever format it came in. */

import { type InventoryEntry } from "./types";

/** 1 for the character codes of hex digits. */
const HEX_DIGIT = new Uint8Array(128);
for (const c of "0123456789abcdefABCDEF") HEX_DIGIT[c.charCodeAt(0)] = 1;

/**
 * 64 hex digits. A loop, not /^[0-9a-fA-F]{64}$/: this runs for every archive of an import and the
 * regular expression took 270 ms per million (the loop ≈ 100 ms).
 */
function isTreeHash(text: string): boolean {
  if (text.length !== 64) return false;
  for (let i = 0; i < 64; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || HEX_DIGIT[c] === 0) return false;
  }
  return true;
}
const CREATION_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;

/** The problem with an entry's fields, or null when they are valid. */
export function entryProblem(entry: InventoryEntry): string | null {
  if (entry.archiveId === "") return "ArchiveId is empty";
  // A JSON \u escape can make a lone surrogate, which PostgreSQL would store as U+FFFD: two different
  // ids could then be stored alike. Free for Glacier's ASCII ids (one-byte strings are well formed).
  if (!entry.archiveId.isWellFormed()) return "ArchiveId is not valid Unicode text (a lone surrogate)";
  if (!Number.isSafeInteger(entry.size) || entry.size < 0)
    return `Size ${String(entry.size)} is not a non-negative integer`;
  if (!CREATION_DATE.test(entry.creationDate))
    return `CreationDate "${entry.creationDate}" is not an ISO 8601 UTC date`;
  if (!isTreeHash(entry.treeHash)) return `SHA256TreeHash "${entry.treeHash}" is not 64 hex digits`;
  return null;
}

/** An entry from a parsed JSON object, or the reason it is not one. */
export function entryFromJson(value: unknown): InventoryEntry | string {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return "an ArchiveList item is not an object";
  const item = value as Record<string, unknown>;
  const { ArchiveId, ArchiveDescription, CreationDate, Size, SHA256TreeHash } = item;
  if (typeof ArchiveId !== "string") return "ArchiveId is missing or not a string";
  // Glacier always writes ArchiveDescription; an explicit null is read as "no description".
  if (
    ArchiveDescription !== null &&
    ArchiveDescription !== undefined &&
    typeof ArchiveDescription !== "string"
  ) {
    return "ArchiveDescription is not a string";
  }
  if (typeof CreationDate !== "string") return "CreationDate is missing or not a string";
  if (typeof Size !== "number") return "Size is missing or not a number";
  if (typeof SHA256TreeHash !== "string") return "SHA256TreeHash is missing or not a string";
  const entry: InventoryEntry = {
    archiveId: ArchiveId,
    description: ArchiveDescription ?? "",
    creationDate: CreationDate,
    size: Size,
    treeHash: SHA256TreeHash,
  };
  return entryProblem(entry) ?? entry;
}
