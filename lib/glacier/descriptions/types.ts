/** What Thaw learns from an ArchiveDescription (formats.md §1). Pure and isomorphic. */

export const DESCRIPTION_FORMATS = [
  "mt2",
  "mt1",
  "fastglacier-v4",
  "fastglacier-v3",
  "fastglacier-v2",
  "fastglacier-v1",
  "cloudberry",
  "qnap-json",
  "plain",
  "empty",
  "unknown",
] as const;

export type DescriptionFormat = (typeof DESCRIPTION_FORMATS)[number];

/** Format-specific facts; every member is optional because each tool writes a different subset. */
export interface DescriptionExtra {
  /** FastGlacier `<ce>` flag, or CloudBerry Flags bit 1. */
  compressed?: boolean;
  /** FastGlacier `<ce>` flag, or CloudBerry Flags bit 2. */
  encrypted?: boolean;
  /** FastGlacier v4 `<ce>`: MD5 (hex) of the original file. */
  md5?: string;
  /** FastGlacier v4 `<ce>`: size of the original (uncompressed, unencrypted) file. */
  size?: number;
  /** FastGlacier v3 `<ce>`: the original file's hash, as written. */
  hash?: string;
  /** A `<ce>` element that did not have the documented shape, kept verbatim. */
  ce?: string;
  /** CloudBerry Flags, as written. */
  flags?: number;
  /** QNAP JSON `type` ("file", "folder"). */
  type?: string;
  /** FastGlacier `<v>` when it is not a version Thaw knows. */
  version?: string;
  /** The tool wrote an absolute path (QNAP, some FastGlacier writers); `path` has the leading `/` removed. */
  absolute?: boolean;
  /** The path names a folder (trailing `/`, or QNAP type "folder"). */
  directory?: boolean;
  /**
   * FastGlacier v4 without `<ce>` is what CrushFTP and many scripts write, and they put the upload time
   * in `<lm>`, not the file's mtime (formats.md §1.3): `modified` may be the upload time.
   */
  modifiedMayBeUploadTime?: boolean;
  /** The base64 path was not valid UTF-8; undecodable bytes became U+FFFD. */
  invalidUtf8?: boolean;
}

export interface DecodedDescription {
  format: DescriptionFormat;
  /** Unicode, `/`-separated (backslashes normalised), no leading `/`; null when the description names no path. */
  path: string | null;
  /** ISO 8601 UTC (`2013-01-01T00:00:00Z`) when the format carries a file time (mt mtime, FastGlacier lm, CloudBerry). */
  modified: string | null;
  extra: DescriptionExtra;
  /** The description exactly as stored in Glacier. */
  raw: string;
  /** Why a description was classed "unknown" (null otherwise): for a tooltip, never shown as an error. */
  problem: string | null;
}
