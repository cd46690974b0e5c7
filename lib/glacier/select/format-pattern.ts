/**
 * TO_STRING's time format patterns (s3-glacier-select-sql-reference-date.html, TO_STRING): runs of
 * a pattern letter, text in single quotes (`''` is a quote), other characters as themselves.
 * The letters and run lengths are the page's table; any other letter is refused.
 */

import { SelectError, type SourcePosition } from "./errors";

export type FormatPart = { kind: "text"; text: string } | { kind: "symbol"; letter: string; count: number };

/** Allowed run lengths per letter (y, yy, yyyy; M…MMMMM; S…SSSSSSSSS; X…XXXXX; x…xxxxx). */
export const FORMAT_SYMBOLS: Readonly<Record<string, readonly number[]>> = {
  y: [1, 2, 4],
  M: [1, 2, 3, 4, 5],
  d: [1, 2],
  a: [1],
  h: [1, 2],
  H: [1, 2],
  m: [1, 2],
  s: [1, 2],
  S: [1, 2, 3, 4, 5, 6, 7, 8, 9],
  n: [1],
  X: [1, 2, 3, 4, 5],
  x: [1, 2, 3, 4, 5],
};

function invalid(detail: string, position?: SourcePosition): SelectError {
  return new SelectError("EvaluatorInvalidTimestampFormatPattern", detail, position);
}

/** Splits a pattern into text and symbols; throws for unknown letters, bad run lengths, open quotes. */
export function parseFormatPattern(pattern: string, position?: SourcePosition): FormatPart[] {
  const parts: FormatPart[] = [];
  let i = 0;
  while (i < pattern.length) {
    const char = pattern.charAt(i);
    if (char === "'") {
      const close = pattern.indexOf("'", i + 1);
      if (close < 0)
        throw invalid(`The format pattern "${pattern}" has an unterminated quoted text`, position);
      parts.push({ kind: "text", text: close === i + 1 ? "'" : pattern.slice(i + 1, close) });
      i = close + 1;
    } else if (/[A-Za-z]/.test(char)) {
      let count = 1;
      while (pattern.charAt(i + count) === char) count++;
      const allowed = FORMAT_SYMBOLS[char];
      if (!allowed)
        throw invalid(`"${char}" is not a TO_STRING pattern letter (quote text as 'text')`, position);
      if (!allowed.includes(count)) {
        throw invalid(
          `"${char.repeat(count)}" is not a TO_STRING pattern; use ${allowed.map((n) => char.repeat(n)).join(", ")}`,
          position,
        );
      }
      parts.push({ kind: "symbol", letter: char, count });
      i += count;
    } else {
      parts.push({ kind: "text", text: char });
      i++;
    }
  }
  return parts;
}

export function checkFormatPattern(pattern: string, position?: SourcePosition): void {
  parseFormatPattern(pattern, position);
}
