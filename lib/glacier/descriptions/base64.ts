/**
 * Base64 decoding written out (no atob, no Buffer) so the decoders run unchanged in Node and in the
 * browser. Strict: a character outside the alphabet, or an impossible length, gives null.
 */

const STANDARD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function table(last2: string): Int8Array {
  const values = new Int8Array(128).fill(-1);
  const alphabet = STANDARD.slice(0, 62) + last2;
  for (let i = 0; i < alphabet.length; i++) values[alphabet.charCodeAt(i)] = i;
  return values;
}

const STANDARD_VALUES = table("+/");
const URL_VALUES = table("-_");

export type Base64Alphabet = "standard" | "url";

/** The 6-bit value of a character in the alphabet, or -1. */
export function base64Value(code: number, alphabet: Base64Alphabet = "standard"): number {
  return code < 128 ? ((alphabet === "url" ? URL_VALUES : STANDARD_VALUES)[code] ?? -1) : -1;
}

/**
 * Decodes base64 (standard or URL alphabet) with or without `=` padding; whitespace inside is
 * ignored, as tools wrap long values. Returns null for anything that is not base64.
 */
export function decodeBase64(text: string, alphabet: Base64Alphabet = "standard"): Uint8Array | null {
  const body = /\s/.test(text) ? text.replace(/\s+/g, "") : text;
  const unpadded = body.replace(/={1,2}$/, "");
  // Padding, when present, must make the length a multiple of 4.
  if (unpadded.length !== body.length && body.length % 4 !== 0) return null;
  if (unpadded.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((unpadded.length * 3) / 4));
  let bits = 0;
  let bitCount = 0;
  let o = 0;
  for (let i = 0; i < unpadded.length; i++) {
    const value = base64Value(unpadded.charCodeAt(i), alphabet);
    if (value < 0) return null;
    bits = ((bits << 6) | value) & 0xffffff;
    bitCount += 6;
    if (bitCount >= 8) {
      bitCount -= 8;
      out[o++] = (bits >> bitCount) & 0xff;
    }
  }
  return out;
}
