/**
 * Inventory output exactly as GetJobOutput returns it (glacier-api.md §6), streamed in ~64 KiB
 * strings so a vault of 100 000+ archives never becomes one giant string.
 *
 * JSON: `{"VaultARN","InventoryDate","ArchiveList":[{ArchiveId,ArchiveDescription,CreationDate,
 * Size,SHA256TreeHash}]}`, InventoryDate to the second.
 * CSV: a header row with the five column names (§12), records ending in `\n`; a field containing
 * `,` or `"` is quoted and its `"` written as `\"`; backslashes are not escaped (so `a,1\"2`
 * becomes `"a,1\\"2"`). A line break would also force quotes (descriptions cannot hold one).
 */

import { formatGlacierDate, formatInventoryDate } from "../../lib/glacier/dates";
import { type InventoryFormat } from "../../lib/glacier/job-types";
import { type ArchiveSource, type InventoryArchive } from "./types";

export interface FormatInventoryOptions {
  format: InventoryFormat;
  vaultArn: string;
  /** A Date (written to the second) or an already formatted string. */
  inventoryDate: Date | string;
  archives: ArchiveSource<InventoryArchive>;
  /** Size of the strings yielded; defaults to 64 KiB. */
  chunkSize?: number;
}

export const INVENTORY_CSV_COLUMNS = [
  "ArchiveId",
  "ArchiveDescription",
  "CreationDate",
  "Size",
  "SHA256TreeHash",
] as const;

export function inventoryContentType(format: InventoryFormat): string {
  return format === "CSV" ? "text/csv" : "application/json";
}

function creationDate(archive: InventoryArchive): string {
  return archive.CreationDate instanceof Date
    ? formatGlacierDate(archive.CreationDate)
    : archive.CreationDate;
}

export function csvInventoryField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '\\"')}"` : text;
}

function csvRow(archive: InventoryArchive): string {
  const fields = [
    archive.ArchiveId,
    archive.ArchiveDescription,
    creationDate(archive),
    String(archive.Size),
    archive.SHA256TreeHash,
  ];
  return `${fields.map(csvInventoryField).join(",")}\n`;
}

function jsonEntry(archive: InventoryArchive): string {
  // Built field by field so the key order is Glacier's whatever the caller's object looks like.
  return JSON.stringify({
    ArchiveId: archive.ArchiveId,
    ArchiveDescription: archive.ArchiveDescription,
    CreationDate: creationDate(archive),
    Size: archive.Size,
    SHA256TreeHash: archive.SHA256TreeHash,
  });
}

export async function* formatInventory(
  options: FormatInventoryOptions,
): AsyncGenerator<string, void, undefined> {
  const chunkSize = options.chunkSize ?? 64 * 1024;
  const date =
    typeof options.inventoryDate === "string"
      ? options.inventoryDate
      : formatInventoryDate(options.inventoryDate);
  const csv = options.format === "CSV";
  let buffer = csv
    ? `${INVENTORY_CSV_COLUMNS.join(",")}\n`
    : `{"VaultARN":${JSON.stringify(options.vaultArn)},"InventoryDate":${JSON.stringify(date)},"ArchiveList":[`;
  let first = true;
  for await (const archive of options.archives) {
    if (csv) buffer += csvRow(archive);
    else {
      buffer += (first ? "" : ",") + jsonEntry(archive);
      first = false;
    }
    if (buffer.length >= chunkSize) {
      yield buffer;
      buffer = "";
    }
  }
  if (!csv) buffer += "]}";
  if (buffer.length > 0) yield buffer;
}
