/**
 * Archive description writers, one per tool format of formats.md §1: the inverse of the decoders
 * beside them. The emulator's demo seed and the tests (and bench/) all write descriptions with these,
 * so there is one idea of each format. They live here, not in tests/support, because the emulator may
 * import lib/glacier but never tests/; like the rest of lib/glacier they are pure Glacier knowledge.
 *
 * Written independently of the decoders (no shared code), so a round trip through both checks each.
 * Server-side only: they use Buffer, and index.ts (the decoders' face for client code) does not export them.
 */

/** A file time: a Date, or an ISO-8601 UTC string such as "2013-01-01T00:00:00Z". */
export type FileTime = Date | string;

/** `YYYYMMDDTHHMMSSZ`, the compact UTC form every tool uses for file times (seconds resolution). */
export function compactUtc(time: FileTime): string {
  const iso = typeof time === "string" ? time : time.toISOString();
  return iso.replace(/\.\d+Z$/, "Z").replace(/[-:]/g, "");
}

/** mt-aws-glacier `mt2`: base64url (no padding) of the UTF-8 JSON {mtime, filename}. */
export function mt2Description(filename: string, mtime: FileTime): string {
  const json = JSON.stringify({ mtime: compactUtc(mtime), filename });
  return `mt2 ${Buffer.from(json, "utf8").toString("base64url")}`;
}

/** mt-aws-glacier `mt1` (0.80–0.84): as mt2, but the UTF-8 JSON bytes were re-encoded as if they were Latin-1. */
export function mt1Description(filename: string, mtime: FileTime): string {
  const json = JSON.stringify({ mtime: compactUtc(mtime), filename });
  const doubled = Buffer.from(Buffer.from(json, "utf8").toString("latin1"), "utf8");
  return `mt1 ${doubled.toString("base64url")}`;
}

/** FastGlacier v4's `<ce>` fields. */
export interface FastGlacierContent {
  compressed: boolean;
  encrypted: boolean;
  md5: string;
  size: number;
}

export type FastGlacierOptions = {
  version?: 2 | 3 | 4;
  /** `<ce>`: v4's fields, or a string written verbatim (v3's `compressed:encrypted:hash`, or anything odd). */
  ce?: FastGlacierContent | string;
};

function contentTag(ce: FastGlacierContent | string): string {
  if (typeof ce === "string") return ce;
  return `${ce.compressed ? 1 : 0}:${ce.encrypted ? 1 : 0}:${ce.md5}:${ce.size}`;
}

/** FastGlacier v2/v3/v4 (default 4): `<m><v>4</v><p>base64(UTF-8 path)</p><lm>…</lm>[<ce>…</ce>]</m>`. */
export function fastGlacierDescription(
  filePath: string,
  lastModified: FileTime,
  options: FastGlacierOptions = {},
): string {
  const { version = 4, ce } = options;
  const p = Buffer.from(filePath, "utf8").toString("base64");
  const ceTag = ce === undefined ? "" : `<ce>${contentTag(ce)}</ce>`;
  return `<m><v>${version}</v><p>${p}</p><lm>${compactUtc(lastModified)}</lm>${ceTag}</m>`;
}

/** FastGlacier v1: `<ArchiveMetadata><Path>base64(UTF-8 path)</Path></ArchiveMetadata>`. */
export function fastGlacierV1Description(filePath: string): string {
  return `<ArchiveMetadata><Path>${Buffer.from(filePath, "utf8").toString("base64")}</Path></ArchiveMetadata>`;
}

/**
 * Characters UTF-7 writes as themselves: RFC 2152's Set D plus space, and the backslash. RFC 2152
 * would put `\` through base64 (it is in neither Set D nor Set O), but CloudBerry leaves Windows
 * separators readable: its descriptions show `c:\\myfolder\\…` in the JSON (formats.md §1.6). Every
 * other character, `_` and `~` included, goes through modified base64 (`_` as `+AF8-`).
 */
const DIRECT = /^[A-Za-z0-9'(),\-./:? \\]$/;

/** UTF-7 as CloudBerry writes paths: runs of UTF-16BE in base64 without padding, closed by "-"; `+` as "+-". */
export function encodeUtf7(text: string): string {
  let out = "";
  let run = "";
  const flush = () => {
    if (run === "") return;
    const bytes = Buffer.alloc(run.length * 2);
    for (let i = 0; i < run.length; i++) bytes.writeUInt16BE(run.charCodeAt(i), i * 2);
    out += `+${bytes.toString("base64").replace(/=+$/, "")}-`;
    run = "";
  };
  for (const char of text) {
    if (char === "+") {
      flush();
      out += "+-";
    } else if (DIRECT.test(char)) {
      flush();
      out += char;
    } else {
      run += char;
    }
  }
  flush();
  return out;
}

/** CloudBerry: compact JSON with a UTF-7 `Path`, the file's UTC mtime and optional flags (bit 1 compressed, bit 2 encrypted). */
export function cloudBerryDescription(filePath: string, modified: FileTime, flags?: number): string {
  const body: Record<string, string | number> = {
    Path: encodeUtf7(filePath),
    UTCDateModified: compactUtc(modified),
  };
  if (flags !== undefined) body.Flags = flags;
  return JSON.stringify(body);
}
