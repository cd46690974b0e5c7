/**
 * A download's file name from a decoded description: the last path segment, reduced to characters
 * that are safe on every common file system and in a Content-Disposition header. Pure and isomorphic.
 */

import { type DecodedDescription } from "./types";

// Letters, marks and digits of any script, plus punctuation no file system or shell path treats specially.
const UNSAFE = /[^\p{L}\p{M}\p{N} ._\-()[\]+,=@&!~#']/gu;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;
// Under 255 bytes on ext4/NTFS even when every character needs 3 UTF-8 bytes.
const MAX_CHARS = 80;
const MAX_EXTENSION = 16;

function lastSegment(path: string | null): string {
  if (path === null) return "";
  const segments = path.split("/").filter((s) => s !== "" && s !== "." && s !== "..");
  return segments[segments.length - 1] ?? "";
}

function sanitise(name: string): string {
  const cleaned = name
    .normalize("NFC")
    .replace(UNSAFE, "_")
    .replace(/_{2,}/g, "_")
    // Leading dots hide files; trailing dots and spaces are dropped by Windows.
    .replace(/^[.\s]+|[.\s]+$/g, "");
  return WINDOWS_RESERVED.test(cleaned) ? `_${cleaned}` : cleaned;
}

function truncate(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= MAX_CHARS) return name;
  const dot = name.lastIndexOf(".");
  const extension = dot > 0 && name.length - dot <= MAX_EXTENSION ? Array.from(name.slice(dot)) : [];
  return chars.slice(0, MAX_CHARS - extension.length).join("") + extension.join("");
}

/** `été.jpg` for `photos/été.jpg`; `archive-<first 16 id characters>` when the description names nothing usable. */
export function suggestFileName(decoded: DecodedDescription, archiveId: string): string {
  const name = truncate(sanitise(lastSegment(decoded.path)));
  // A name of nothing but replacement underscores says less than the archive id.
  if (/[\p{L}\p{N}]/u.test(name)) return name;
  const id = archiveId.replace(/[^A-Za-z0-9_-]/g, "").slice(0, 16);
  return id === "" ? "archive" : `archive-${id}`;
}

/**
 * A ranged retrieval's file name says which bytes it holds: `birthday-2020.mp4.bytes-1048576-2097151`
 * (inclusive, as in RetrievalByteRange), so two ranges of one archive never overwrite each other.
 */
export function rangedFileName(name: string, range: { start: number; end: number } | null): string {
  return range ? `${name}.bytes-${range.start}-${range.end}` : name;
}
