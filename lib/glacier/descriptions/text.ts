/** Small text helpers shared by the description decoders. Pure and isomorphic. */

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
const lenientUtf8 = new TextDecoder("utf-8");

/** UTF-8 to text; invalid sequences become U+FFFD (as the AWS decoder's "errors ignored", but visible). */
export function decodeUtf8(bytes: Uint8Array): { text: string; valid: boolean } {
  try {
    return { text: strictUtf8.decode(bytes), valid: true };
  } catch {
    return { text: lenientUtf8.decode(bytes), valid: false };
  }
}

/** Each character as one byte (Latin-1); null when a character is above U+00FF. */
export function latin1Bytes(text: string): Uint8Array | null {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) return null;
    out[i] = code;
  }
  return out;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The number written by text[from, to) when those are all ASCII digits, else -1. */
function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * The compact UTC stamp every tool writes (`20120821T170824Z`, formats.md §1.1, §1.2, §1.6) as ISO
 * 8601 (`2012-08-21T17:08:24Z`); null unless it names a real calendar second. Parsed by hand, not
 * with a Date or a regular expression: it runs for most archives of an import.
 */
export function compactUtcToIso(raw: string): string | null {
  const text = raw.length === 16 ? raw : raw.trim();
  if (text.length !== 16 || text[8] !== "T" || text[15] !== "Z") return null;
  const year = digits(text, 0, 4);
  const month = digits(text, 4, 6);
  const day = digits(text, 6, 8);
  const hour = digits(text, 9, 11);
  const minute = digits(text, 11, 13);
  const second = digits(text, 13, 15);
  const valid =
    year >= 0 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour >= 0 &&
    hour < 24 &&
    minute >= 0 &&
    minute < 60 &&
    second >= 0 &&
    second < 60;
  if (!valid) return null;
  return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}T${text.slice(9, 11)}:${text.slice(11, 13)}:${text.slice(13, 15)}Z`;
}

export interface NormalisedPath {
  path: string;
  absolute: boolean;
  directory: boolean;
}

/** `/`-separated, no leading `/` (remembered as `absolute`), a trailing `/` marks a folder. */
export function normalisePath(raw: string): NormalisedPath | null {
  // The regular expressions only when there is something to replace: this runs for most archives.
  const slashed = raw.includes("\\") ? raw.replace(/\\/g, "/") : raw;
  const path = slashed.startsWith("/") ? slashed.replace(/^\/+/, "") : slashed;
  if (path === "") return null;
  return { path, absolute: path.length !== slashed.length, directory: path.endsWith("/") };
}
