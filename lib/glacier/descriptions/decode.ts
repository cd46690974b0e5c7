/**
 * decodeDescription: the detection order of formats.md §1.11 — `mt1 `/`mt2 ` prefix, `<m>` XML,
 * `<ArchiveMetadata>` XML, a JSON object with `Path`/`path`, otherwise plain text. Never throws:
 * whatever does not decode comes back as "unknown" with the raw text and the reason.
 */

import {
  decodeFastGlacier,
  decodeFastGlacierV1,
  isFastGlacierDescription,
  isFastGlacierV1Description,
} from "./fastglacier";
import { decodeJsonDescription, isJsonObjectText, parseJsonObject } from "./json-description";
import { decodeMt, isMtDescription } from "./mt-aws-glacier";
import { decoded, unknown } from "./result";
import { type DecodedDescription } from "./types";

// A JSON string holding a JSON string holding … is unwrapped at most this deep.
const MAX_UNWRAP = 3;

/**
 * Strips whitespace and surrounding quotes (the AWS decoders do the same). A description that is a
 * JSON string literal — some tools JSON-encode the JSON they write — is parsed rather than stripped,
 * so its escapes come out right.
 */
function unwrap(raw: string): string {
  let text = raw.trim();
  for (let depth = 0; depth < MAX_UNWRAP; depth++) {
    const quote = text[0];
    if (text.length < 2 || (quote !== '"' && quote !== "'") || text[text.length - 1] !== quote) break;
    text = (quote === '"' ? jsonString(text) : null) ?? text.slice(1, -1);
    text = text.trim();
  }
  return text;
}

function jsonString(text: string): string | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "string" ? value : null;
  } catch {
    return null;
  }
}

function decodeText(raw: string, text: string): DecodedDescription {
  if (isMtDescription(text)) return decodeMt(raw, text);
  if (isFastGlacierDescription(text)) return decodeFastGlacier(raw, text);
  if (isFastGlacierV1Description(text)) return decodeFastGlacierV1(raw, text);
  if (isJsonObjectText(text)) {
    const object = parseJsonObject(text);
    return object ? decodeJsonDescription(raw, object) : unknown(raw, "looks like JSON but does not parse");
  }
  return decoded(raw, "plain", text, null);
}

export function decodeDescription(raw: string): DecodedDescription {
  try {
    const text = unwrap(raw);
    if (text === "") return { format: "empty", path: null, modified: null, extra: {}, raw, problem: null };
    return decodeText(raw, text);
  } catch (error) {
    // Defensive: a decoder bug must not break an import of a million archives.
    return unknown(raw, `decoder error: ${error instanceof Error ? error.message : String(error)}`);
  }
}
