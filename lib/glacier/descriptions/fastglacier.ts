/**
 * FastGlacier descriptions (formats.md §1.2, §1.3), also written by CrushFTP, QNAP Hybrid Backup
 * Sync and many scripts:
 *   v2/v3/v4  `<m><v>4</v><p>base64(UTF-8 path)</p><lm>yyyyMMddTHHmmssZ</lm>[<ce>…</ce>]</m>`
 *   v1        `<ArchiveMetadata><Path>base64</Path></ArchiveMetadata>`
 * Parsed with tolerant patterns: whitespace between tags and any tag-name case are accepted.
 */

import { decodeBase64Utf8 } from "./base64";
import { decoded, unknown } from "./result";
import { compactUtcToIso } from "./text";
import { type DecodedDescription, type DescriptionExtra, type DescriptionFormat } from "./types";

const M_ELEMENT = /<m>([\s\S]*)<\/m>/i;
const V1_ELEMENT = /<ArchiveMetadata>([\s\S]*)<\/ArchiveMetadata>/i;

const ELEMENTS = {
  v: /<v>([^<]*)<\/v>/i,
  p: /<p>([^<]*)<\/p>/i,
  lm: /<lm>([^<]*)<\/lm>/i,
  ce: /<ce>([^<]*)<\/ce>/i,
  Path: /<Path>([^<]*)<\/Path>/i,
};

function element(body: string, tag: keyof typeof ELEMENTS): string | null {
  const match = ELEMENTS[tag].exec(body);
  return match ? (match[1] ?? "").trim() : null;
}

export function isFastGlacierDescription(text: string): boolean {
  return M_ELEMENT.test(text);
}

export function isFastGlacierV1Description(text: string): boolean {
  return V1_ELEMENT.test(text);
}

/** The base64 UTF-8 path (UTF-8, not ASCII: the refreezer solution's bug, formats.md §0). */
function decodePath(base64: string | null): { path: string; extra: DescriptionExtra } | null {
  if (base64 === null) return null;
  const utf8 = decodeBase64Utf8(base64);
  if (!utf8) return null;
  const { text, valid } = utf8;
  return { path: text, extra: valid ? {} : { invalidUtf8: true } };
}

const V4_CE = /^([01]):([01]):([0-9a-fA-F]{32}):(\d+)$/;
const V3_CE = /^([01]):([01]):(.+)$/;

/** `<ce>`: v4 `compressed:encrypted:md5:size`, v3 `compressed:encrypted:hash`; anything else kept raw. */
function contentExtra(version: string, ce: string | null): DescriptionExtra {
  if (ce === null) return version === "4" ? { modifiedMayBeUploadTime: true } : {};
  const v4 = version === "4" ? V4_CE.exec(ce) : null;
  if (v4) {
    return {
      compressed: v4[1] === "1",
      encrypted: v4[2] === "1",
      md5: (v4[3] ?? "").toLowerCase(),
      size: Number(v4[4]),
    };
  }
  const v3 = version === "3" ? V3_CE.exec(ce) : null;
  if (v3) return { compressed: v3[1] === "1", encrypted: v3[2] === "1", hash: v3[3] ?? "" };
  return { ce };
}

const VERSIONS: Record<string, DescriptionFormat> = {
  "2": "fastglacier-v2",
  "3": "fastglacier-v3",
  "4": "fastglacier-v4",
};

export function decodeFastGlacier(raw: string, text: string): DecodedDescription {
  const body = M_ELEMENT.exec(text)?.[1] ?? "";
  const version = element(body, "v") ?? "";
  const format = VERSIONS[version];
  const path = decodePath(element(body, "p"));
  if (!path) return unknown(raw, "FastGlacier: <p> is missing or not base64");
  if (!format) {
    return unknown(raw, `FastGlacier: unknown version "${version}"`, { version });
  }
  const lm = element(body, "lm");
  const extra = { ...path.extra, ...contentExtra(version, element(body, "ce")) };
  return decoded(raw, format, path.path, lm === null ? null : compactUtcToIso(lm), extra);
}

export function decodeFastGlacierV1(raw: string, text: string): DecodedDescription {
  const body = V1_ELEMENT.exec(text)?.[1] ?? "";
  const path = decodePath(element(body, "Path"));
  if (!path) return unknown(raw, "FastGlacier v1: <Path> is missing or not base64");
  return decoded(raw, "fastglacier-v1", path.path, null, path.extra);
}
