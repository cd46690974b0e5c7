/**
 * The inventory `Marker` (glacier-api.md §3.2): opaque to clients, defined by Thaw's emulator.
 *
 * Format: base64url (no padding) of the UTF-8 text `v1\n<CreationDate ms>\n<ArchiveId>`, the sort
 * key of the last archive returned. The next job resumes strictly after that key, so archives
 * deleted or added meanwhile never shift the page boundary. The version prefix lets the format
 * change without misreading old markers.
 */

export interface InventoryMarker {
  /** CreationDate of the last archive returned, in epoch milliseconds. */
  creationMs: number;
  archiveId: string;
}

export class InventoryMarkerError extends Error {
  override readonly name = "InventoryMarkerError";
}

const VERSION = "v1";

export function encodeInventoryMarker(marker: InventoryMarker): string {
  return Buffer.from(`${VERSION}\n${marker.creationMs}\n${marker.archiveId}`, "utf8").toString("base64url");
}

/** Throws InventoryMarkerError for anything this module did not produce. */
export function decodeInventoryMarker(text: string): InventoryMarker {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new InventoryMarkerError(`Invalid inventory marker: ${text}`);
  const [version, ms, ...rest] = Buffer.from(text, "base64url").toString("utf8").split("\n");
  const archiveId = rest.join("\n");
  const creationMs = Number(ms);
  if (
    version !== VERSION ||
    !/^-?\d+$/.test(ms ?? "") ||
    !Number.isSafeInteger(creationMs) ||
    archiveId === ""
  ) {
    throw new InventoryMarkerError(`Invalid inventory marker: ${text}`);
  }
  return { creationMs, archiveId };
}
