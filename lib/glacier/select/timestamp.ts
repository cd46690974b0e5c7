/**
 * Timestamp text, as Glacier Select reads it (s3-glacier-select-sql-reference-data-types.html,
 * "timestamp"): the W3C date-time note, ending in a literal "T" below whole-day precision (`2007T`,
 * `2007-02T`); a time needs an offset (`Z` or `±hh:mm`) and a date alone takes none; fractional
 * seconds have at least one digit. Used by CAST, TO_TIMESTAMP and `…` literals.
 */

export type TimestampPrecision = "year" | "month" | "day" | "minute" | "second";

export interface TimestampValue {
  /** UTC milliseconds since the epoch. */
  ms: number;
  /** The local offset in minutes east of UTC (0 for `Z` and for dates). */
  offsetMinutes: number;
  precision: TimestampPrecision;
  /** Fraction-of-second digits as written (empty when none). */
  fraction: string;
}

const PATTERN =
  /^(\d{4})(?:T|-(\d{2})(?:T|-(\d{2})(?:T(?:(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})))?T?))$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses timestamp text, or returns null when it breaks a rule above. */
export function parseTimestampText(text: string): TimestampValue | null {
  const match = PATTERN.exec(text);
  if (!match) return null;
  const [, y = "", mo, d, h, mi, s, fraction = "", zone] = match;
  const year = Number(y);
  const month = mo === undefined ? 1 : Number(mo);
  const day = d === undefined ? 1 : Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (zone !== undefined && zone !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return null;
    offsetMinutes = sign * (oh * 60 + om);
  }
  const ms = utcMs(year, month, day, hour, minute, second, fraction) - offsetMinutes * 60_000;
  const precision: TimestampPrecision =
    h !== undefined
      ? s !== undefined
        ? "second"
        : "minute"
      : d !== undefined
        ? "day"
        : mo !== undefined
          ? "month"
          : "year";
  return { ms, offsetMinutes, precision, fraction };
}

/** Epoch milliseconds of the local fields read as UTC (setUTCFullYear keeps years 0–99 as written). */
function utcMs(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  fraction: string,
): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, Number(fraction.slice(0, 3).padEnd(3, "0")));
  return date.getTime();
}

/** The local (offset-applied) calendar fields of a timestamp. */
export function localFields(value: TimestampValue): Date {
  return new Date(value.ms + value.offsetMinutes * 60_000);
}

function pad(value: number, width = 2): string {
  return String(Math.abs(value)).padStart(width, "0");
}

function offsetText(offsetMinutes: number): string {
  if (offsetMinutes === 0) return "Z";
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Timestamp text at the value's own precision, as CAST(… AS STRING) writes it. */
export function formatTimestampText(value: TimestampValue): string {
  const local = localFields(value);
  const y = pad(local.getUTCFullYear(), 4);
  const mo = pad(local.getUTCMonth() + 1);
  const d = pad(local.getUTCDate());
  if (value.precision === "year") return `${y}T`;
  if (value.precision === "month") return `${y}-${mo}T`;
  if (value.precision === "day") return `${y}-${mo}-${d}`;
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
  const seconds =
    value.precision === "second"
      ? `:${pad(local.getUTCSeconds())}${value.fraction ? `.${value.fraction}` : ""}`
      : "";
  return `${y}-${mo}-${d}T${time}${seconds}${offsetText(value.offsetMinutes)}`;
}
