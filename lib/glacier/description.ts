/**
 * The Description / ArchiveDescription rule (glacier-api.md §2.2, §3.1): printable 7-bit ASCII
 * (0x20–0x7E) only, at most 1024 bytes. Pure and isomorphic.
 */

import { utf8ByteLength } from "./text";

export const MAX_DESCRIPTION_BYTES = 1024;

export type DescriptionProblem = "non-printable" | "too-long";

export type DescriptionCheck =
  | { ok: true }
  | {
      ok: false;
      problem: DescriptionProblem;
      /** Human message for a field error or an AWS error message. */
      message: string;
      /** 0-based UTF-16 index of the offending character (the first one past the limit for "too-long"). */
      index: number;
    };

/** UTF-8 byte length, for the live "n / 1024" counter (non-ASCII input counts what it would cost). */
export const descriptionByteLength = utf8ByteLength;

function isPrintableAscii(code: number): boolean {
  return code >= 0x20 && code <= 0x7e;
}

const VISIBLE = /^[\p{L}\p{N}\p{P}\p{S}]$/u;

/** Names a character so a message stays readable even for control or invisible characters. */
export function describeCharacter(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  return VISIBLE.test(char) ? `"${char}" (${hex})` : hex;
}

/**
 * Checks a description. A bad character is reported before the length, because once every
 * character is printable ASCII the byte count equals the character count.
 * `field` names the parameter in messages ("Description", "ArchiveDescription").
 */
export function checkDescription(value: string, field = "Description"): DescriptionCheck {
  let index = 0;
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (!isPrintableAscii(code)) {
      return {
        ok: false,
        problem: "non-printable",
        index,
        message: `${field} may contain only printable ASCII characters (0x20-0x7E); found ${describeCharacter(char)} at position ${index + 1}`,
      };
    }
    index += char.length;
  }
  if (value.length > MAX_DESCRIPTION_BYTES) {
    return {
      ok: false,
      problem: "too-long",
      index: MAX_DESCRIPTION_BYTES,
      message: `${field} must be at most ${MAX_DESCRIPTION_BYTES} bytes long; it is ${value.length}`,
    };
  }
  return { ok: true };
}

/** InitiateMultipartUpload strips leading spaces from `x-amz-archive-description` (glacier-api.md §2.2). */
export function stripLeadingSpaces(description: string): string {
  return description.replace(/^ +/, "");
}
