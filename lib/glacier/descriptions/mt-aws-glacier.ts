/**
 * mt-aws-glacier descriptions (formats.md §1.1): `mt2 <base64url(UTF-8 JSON {filename, mtime})>`;
 * `mt1` is the same with the JSON bytes double-encoded (UTF-8 read as Latin-1, encoded again).
 */

import { decodeBase64Utf8 } from "./base64";
import { parseJsonObject } from "./json-description";
import { decoded, unknown } from "./result";
import { compactUtcToIso, decodeUtf8, latin1Bytes } from "./text";
import { type DecodedDescription } from "./types";

const MARKER = /^(mt[12])\s/;
// mt-aws-glacier itself rejects longer payloads.
const MAX_PAYLOAD = 1024;

export function isMtDescription(text: string): boolean {
  return MARKER.test(text);
}

function payloadJson(marker: "mt1" | "mt2", payload: string): string | null {
  const once = decodeBase64Utf8(payload, "url");
  if (!once?.valid) return null;
  if (marker === "mt2") return once.text;
  const original = latin1Bytes(once.text);
  if (!original) return null;
  const twice = decodeUtf8(original);
  return twice.valid ? twice.text : null;
}

export function decodeMt(raw: string, text: string): DecodedDescription {
  const parts = text.split(/\s+/);
  const marker = parts[0] === "mt1" ? "mt1" : "mt2";
  const payload = parts[1] ?? "";
  if (parts.length !== 2 || payload.length > MAX_PAYLOAD)
    return unknown(raw, `${marker}: expected one base64url payload`);
  const json = payloadJson(marker, payload);
  const object = json === null ? null : parseJsonObject(json);
  if (!object) return unknown(raw, `${marker}: the payload is not base64url of a JSON object`);
  const { filename, mtime } = object;
  if (typeof filename !== "string" || typeof mtime !== "string") {
    return unknown(raw, `${marker}: the JSON lacks "filename" or "mtime"`);
  }
  const modified = compactUtcToIso(mtime);
  if (!modified) return unknown(raw, `${marker}: mtime "${mtime}" is not YYYYMMDDTHHMMSSZ`);
  return decoded(raw, marker, filename, modified);
}
