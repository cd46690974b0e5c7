import { describe, expect, it } from "vitest";
import { type Base64Alphabet, base64Value, decodeBase64, decodeBase64Utf8 } from "./base64";
import { decodeUtf8 } from "./text";

/** The decoder before its four-at-a-time rewrite, kept verbatim as the reference. */
function referenceDecode(text: string, alphabet: Base64Alphabet): Uint8Array | null {
  const body = /\s/.test(text) ? text.replace(/\s+/g, "") : text;
  const unpadded = body.replace(/={1,2}$/, "");
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

/** A deterministic generator, so a failure is reproducible. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x80000000;
  };
}

const SPICE = [
  "=",
  "==",
  " ",
  "\n",
  "\t",
  "-",
  "_",
  "+",
  "/",
  "é",
  "€",
  "\u00a0",
  "\u{1f389}",
  "*",
  "A",
  "\u00ff",
];

function encode(bytes: Uint8Array, alphabet: Base64Alphabet, pad: boolean): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  const text = btoa(binary);
  const mapped = alphabet === "url" ? text.replace(/\+/g, "-").replace(/\//g, "_") : text;
  return pad ? mapped : mapped.replace(/=+$/, "");
}

/** Valid encodings of UTF-8 and of random bytes, some then mangled at a random place. */
function inputs(count: number): string[] {
  const next = random(42);
  const encoder = new TextEncoder();
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    const length = Math.floor(next() * 90);
    const bytes =
      next() < 0.5
        ? encoder.encode(
            Array.from({ length }, () =>
              String.fromCodePoint(32 + Math.floor(next() * (next() < 0.8 ? 95 : 0x2000))),
            ).join(""),
          )
        : Uint8Array.from({ length }, () => Math.floor(next() * 256));
    let text = encode(bytes, next() < 0.5 ? "url" : "standard", next() < 0.5);
    if (next() < 0.4) {
      const at = Math.floor(next() * (text.length + 1));
      const spice = SPICE[Math.floor(next() * SPICE.length)] ?? "";
      text = next() < 0.5 ? text.slice(0, at) + spice + text.slice(at) : text.slice(0, at);
    }
    out.push(text);
  }
  return out;
}

describe("decodeBase64 and decodeBase64Utf8 against the reference decoder", () => {
  const cases = inputs(10_000);

  it.each(["standard", "url"] as const)("decode exactly as before (%s alphabet)", (alphabet) => {
    let nulls = 0;
    const mismatches: string[] = [];
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    for (const text of cases) {
      const expected = referenceDecode(text, alphabet);
      const bytes = decodeBase64(text, alphabet);
      const sameBytes =
        expected === null ? bytes === null : bytes !== null && same([...bytes], [...expected]);
      if (
        !sameBytes ||
        !same(decodeBase64Utf8(text, alphabet), expected === null ? null : decodeUtf8(expected))
      )
        mismatches.push(text);
      if (expected === null) nulls++;
    }
    expect(mismatches).toEqual([]);
    // Both outcomes are exercised in quantity.
    expect(nulls).toBeGreaterThan(1_000);
    expect(nulls).toBeLessThan(9_000);
  });

  it("edge cases", () => {
    for (const text of [
      "",
      "=",
      "==",
      "A",
      "AA",
      "AA=",
      "AA==",
      "AAA=",
      "AAAA",
      "AB==",
      "A===",
      "QQ",
      "QUI",
      " Q Q = = ",
      "QQ==\n",
      "a".repeat(3000),
    ]) {
      for (const alphabet of ["standard", "url"] as const) {
        expect(decodeBase64(text, alphabet), text).toEqual(referenceDecode(text, alphabet));
        const reference = referenceDecode(text, alphabet);
        expect(decodeBase64Utf8(text, alphabet)).toEqual(reference === null ? null : decodeUtf8(reference));
      }
    }
  });
});
