/**
 * String and conditional functions (s3-glacier-select-sql-reference-string.html,
 * …-conditional.html): CHAR_LENGTH, LOWER, UPPER, SUBSTRING with the page's start/length rules,
 * TRIM (spaces only by default), COALESCE, NULLIF. Strings are counted in characters (code points).
 */

import { type TrimNode } from "../../lib/glacier/select";
import { compareValues, formatValue, type SqlValue, toNumber } from "./values";

/**
 * SUBSTRING(string FROM start [FOR length]), 1-based. The page's rules: start < 1 without a length
 * starts at 1; with a length, the substring is the first start + length - 1 characters (empty when
 * that is below 1).
 */
export function substring(
  value: SqlValue,
  startValue: SqlValue,
  lengthValue: SqlValue | undefined,
): SqlValue {
  if (value === null || startValue === null || lengthValue === null) return null;
  const chars = [...formatValue(value)];
  const start = Math.trunc(toNumber(startValue));
  if (lengthValue === undefined) return chars.slice(Math.max(start, 1) - 1).join("");
  const length = Math.trunc(toNumber(lengthValue));
  if (start < 1) {
    const end = start + length - 1;
    return end < 1 ? "" : chars.slice(0, end).join("");
  }
  return chars.slice(start - 1, start - 1 + Math.max(length, 0)).join("");
}

/** TRIM: removes `characters` (each one, any order; default a space) from the chosen ends. */
export function trim(mode: TrimNode["mode"], value: SqlValue, characters: SqlValue): SqlValue {
  if (value === null || characters === null) return null;
  const remove = new Set([...formatValue(characters)]);
  const chars = [...formatValue(value)];
  let start = 0;
  let end = chars.length;
  if (mode !== "TRAILING") while (start < end && remove.has(chars[start] as string)) start++;
  if (mode !== "LEADING") while (end > start && remove.has(chars[end - 1] as string)) end--;
  return chars.slice(start, end).join("");
}

/** The plain string and conditional calls, by name, on evaluated arguments. */
export function callStringFunction(name: string, args: readonly SqlValue[]): SqlValue {
  const [first = null, second = null] = args;
  switch (name) {
    case "COALESCE":
      return args.find((v) => v !== null) ?? null;
    case "NULLIF":
      return compareValues(first, second) === 0 ? null : first;
    case "SUBSTRING":
      return substring(first, second, args.length > 2 ? (args[2] ?? null) : undefined);
    default:
      break;
  }
  if (first === null) return null;
  const text = formatValue(first);
  switch (name) {
    case "LOWER":
      return text.toLowerCase();
    case "UPPER":
      return text.toUpperCase();
    default:
      return [...text].length; // CHAR_LENGTH, CHARACTER_LENGTH
  }
}
