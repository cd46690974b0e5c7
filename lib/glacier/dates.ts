/**
 * Glacier date strings (glacier-api.md §1.7, §3.2). Pure and isomorphic.
 *
 * Accepted input for InventoryRetrievalParameters StartDate/EndDate: `YYYY-MM-DDThh:mm:ssZ`,
 * optionally with 1–9 fractional-second digits (`2013-03-20T17:03:43.221Z`). Decision: only the
 * UTC designator `Z` is accepted, in upper case. Offsets such as `+02:00`, a missing zone, a space
 * instead of `T` and leap seconds are rejected: Glacier documents UTC `Z` strings only, and a
 * strict rule means the dashboard never sends a date AWS might read differently. Fractional digits
 * beyond milliseconds are truncated when converting to a Date.
 */

export type ParseDateResult = { ok: true; date: Date } | { ok: false; message: string };

const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;
const OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[+-]\d{2}:?\d{2}|z)$/;

export const GLACIER_DATE_EXAMPLE = "2013-03-20T17:03:43Z";

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Strict ISO 8601 UTC with real calendar validation (no Feb 30, no hour 24). */
export function parseGlacierDate(text: string): ParseDateResult {
  const match = ISO_UTC.exec(text);
  if (!match) {
    const hint = OFFSET.test(text) ? " in UTC, ending in Z (no offset)" : "";
    return {
      ok: false,
      message: `Invalid date "${text}": expected ISO 8601${hint} like ${GLACIER_DATE_EXAMPLE}`,
    };
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const fraction = match[7] ?? "";
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, message: `Invalid date "${text}": no such calendar day` };
  }
  if (hour > 23 || minute > 59 || second > 59) {
    return { ok: false, message: `Invalid date "${text}": no such time of day` };
  }
  const millis = fraction === "" ? 0 : Number(fraction.slice(0, 3).padEnd(3, "0"));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  return { ok: true, date };
}

export function isGlacierDate(text: string): boolean {
  return parseGlacierDate(text).ok;
}

function assertValid(date: Date): void {
  if (Number.isNaN(date.getTime())) throw new RangeError("Invalid Date");
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError(`Year ${year} cannot be written as a Glacier date`);
}

/** Job, vault and archive dates: UTC with milliseconds, `2012-03-20T17:03:43.221Z`. */
export function formatGlacierDate(date: Date): string {
  assertValid(date);
  return date.toISOString();
}

/** InventoryDate and inventory filter dates: UTC to the second (milliseconds truncated). */
export function formatInventoryDate(date: Date): string {
  assertValid(date);
  return `${date.toISOString().slice(0, 19)}Z`;
}

const TYPED_UTC = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(?:Z|UTC)?$/i;

/**
 * What a person types into a UTC date field, written as Glacier's string: `2024-06-01`,
 * `2024-06-01 09:30` and `2024-06-01T09:30:15Z` all become `YYYY-MM-DDThh:mm:ssZ` (missing parts are
 * zero). Anything else is returned as typed (trimmed), so the date rule names it in its message.
 * The fields are plain text rather than the browser's date control, which shows the browser's locale
 * (`06/01/2024, 12:00:00 AM`) under a label that says UTC.
 */
export function normalizeUtcInput(typed: string): string {
  const text = typed.trim();
  const match = TYPED_UTC.exec(text);
  if (!match) return text;
  const [, day, hour = "00", minute = "00", second = "00", fraction = ""] = match;
  return `${day}T${hour}:${minute}:${second}${fraction}Z`;
}
