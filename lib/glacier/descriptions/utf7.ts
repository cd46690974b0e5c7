/**
 * UTF-7 decoding (RFC 2152), as CloudBerry writes paths so they stay ASCII (formats.md §1.6): `+`
 * opens a run of modified base64 (no padding) holding UTF-16 code units, the run ends at the first
 * non-base64 character, and a `-` ending it is absorbed; `+-` is a literal `+`.
 *
 * Tolerant by design: a run that does not decode cleanly (a partial code unit, non-zero spare bits,
 * a lone surrogate) is kept verbatim, because real descriptions also hold plain `+` characters
 * and mangled examples (`+F8-` in the AWS tests) that no encoder could have produced.
 */

import { base64Value } from "./base64";

function decodeRun(run: string): string | null {
  let bits = 0;
  let bitCount = 0;
  let units = "";
  for (let i = 0; i < run.length; i++) {
    bits = ((bits << 6) | base64Value(run.charCodeAt(i))) & 0x3fffff;
    bitCount += 6;
    if (bitCount >= 16) {
      bitCount -= 16;
      units += String.fromCharCode((bits >> bitCount) & 0xffff);
    }
  }
  // Spare bits: fewer than 6, and zero (RFC 2152 encoders pad with zeros).
  if (units === "" || bitCount >= 6 || (bits & ((1 << bitCount) - 1)) !== 0) return null;
  return isWellFormedUtf16(units) ? units : null;
}

function isWellFormedUtf16(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      return false;
    }
  }
  return true;
}

export function decodeUtf7(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const plus = text.indexOf("+", i);
    if (plus < 0) return out + text.slice(i);
    out += text.slice(i, plus);
    if (text[plus + 1] === "-") {
      out += "+";
      i = plus + 2;
      continue;
    }
    let end = plus + 1;
    while (end < text.length && base64Value(text.charCodeAt(end)) >= 0) end++;
    const decoded = decodeRun(text.slice(plus + 1, end));
    if (decoded === null) {
      out += "+";
      i = plus + 1;
      continue;
    }
    out += decoded;
    i = text[end] === "-" ? end + 1 : end;
  }
  return out;
}
