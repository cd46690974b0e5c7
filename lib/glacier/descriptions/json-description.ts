/**
 * JSON descriptions (formats.md §1.6, §1.2):
 *   CloudBerry  `{"Path":"<UTF-7 path>","UTCDateModified":"yyyyMMddTHHmmssZ","Flags":n}` (also `path`)
 *   QNAP Glacier app  `{"path":"/sample/1234.pdf","type":"file"}`
 */

import { decoded, unknown } from "./result";
import { compactUtcToIso } from "./text";
import { decodeUtf7 } from "./utf7";
import { type DecodedDescription, type DescriptionExtra } from "./types";

export function isJsonObjectText(text: string): boolean {
  return text.startsWith("{") && text.endsWith("}");
}

export function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

// CloudBerry Flags: bit 1 compressed, bit 2 encrypted.
function flagsExtra(flags: unknown): DescriptionExtra {
  const value = typeof flags === "string" && /^\d+$/.test(flags) ? Number(flags) : flags;
  if (typeof value !== "number" || !Number.isInteger(value)) return {};
  return { flags: value, compressed: (value & 1) !== 0, encrypted: (value & 2) !== 0 };
}

function isQnap(object: Record<string, unknown>): boolean {
  return (
    typeof object.path === "string" &&
    typeof object.type === "string" &&
    !("UTCDateModified" in object) &&
    !("Flags" in object)
  );
}

export function decodeJsonDescription(raw: string, object: Record<string, unknown>): DecodedDescription {
  const path = typeof object.Path === "string" ? object.Path : object.path;
  if (typeof path !== "string") return unknown(raw, 'JSON: no "Path" or "path" string');
  if (isQnap(object)) {
    const type = String(object.type);
    const extra: DescriptionExtra = { type };
    if (type === "folder" || type === "dir" || type === "directory") extra.directory = true;
    return decoded(raw, "qnap-json", path, null, extra);
  }
  const modifiedText = object.UTCDateModified ?? object.utcDateModified;
  const modified = typeof modifiedText === "string" ? compactUtcToIso(modifiedText) : null;
  return decoded(raw, "cloudberry", decodeUtf7(path), modified, flagsExtra(object.Flags ?? object.flags));
}
