import { utf7Encode } from "./utf7";

/**
 * Archive description writers for the demo data, one per tool format in formats.md §1. They are test
 * data writers; Thaw's decoders live in lib/glacier.
 */

/** `YYYYMMDDTHHMMSSZ`, the compact UTC form every tool uses for file times. */
export function compactUtc(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

/** mt-aws-glacier `mt2`: base64url (no padding) of the UTF-8 JSON {mtime, filename}. */
export function mt2Description(filename: string, mtime: Date): string {
  const json = JSON.stringify({ mtime: compactUtc(mtime), filename });
  return `mt2 ${Buffer.from(json, "utf8").toString("base64url")}`;
}

/** mt-aws-glacier `mt1`: as mt2, but the UTF-8 JSON bytes were re-encoded as if they were Latin-1. */
export function mt1Description(filename: string, mtime: Date): string {
  const json = JSON.stringify({ mtime: compactUtc(mtime), filename });
  const doubled = Buffer.from(Buffer.from(json, "utf8").toString("latin1"), "utf8");
  return `mt1 ${doubled.toString("base64url")}`;
}

export interface FastGlacierContent {
  compressed: boolean;
  encrypted: boolean;
  md5: string;
  size: number;
}

/** FastGlacier v4: `<m><v>4</v><p>base64(UTF-8 path)</p><lm>…</lm>[<ce>c:e:md5:size</ce>]</m>`. */
export function fastGlacierV4Description(
  filePath: string,
  lastModified: Date,
  ce?: FastGlacierContent,
): string {
  const p = Buffer.from(filePath, "utf8").toString("base64");
  const ceTag = ce ? `<ce>${ce.compressed ? 1 : 0}:${ce.encrypted ? 1 : 0}:${ce.md5}:${ce.size}</ce>` : "";
  return `<m><v>4</v><p>${p}</p><lm>${compactUtc(lastModified)}</lm>${ceTag}</m>`;
}

/** CloudBerry: compact JSON with a UTF-7 `Path`, the file's UTC mtime and optional flags. */
export function cloudBerryDescription(filePath: string, modified: Date, flags?: number): string {
  const body: Record<string, string | number> = {
    Path: utf7Encode(filePath),
    UTCDateModified: compactUtc(modified),
  };
  if (flags !== undefined) body.Flags = flags;
  return JSON.stringify(body);
}
