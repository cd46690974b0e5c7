/**
 * Date functions (s3-glacier-select-sql-reference-date.html): DATE_ADD, DATE_DIFF, EXTRACT,
 * TO_STRING, TO_TIMESTAMP, UTCNOW. Calendar fields are read in the timestamp's own offset; DATE_ADD
 * raises the precision to the part it adds (`DATE_ADD(month, 1, `2010T`)` is `2010-02T`).
 */

import {
  type DatePart,
  type ExtractPart,
  localFields,
  parseFormatPattern,
  SelectError,
  type TimestampPrecision,
  type TimestampValue,
} from "../../lib/glacier/select";
import { castFailed, formatValue, type SqlValue, Timestamp, toNumber, toTimestamp } from "./values";

const PRECISION_ORDER: readonly TimestampPrecision[] = ["year", "month", "day", "minute", "second"];
const PART_PRECISION: Readonly<Record<DatePart, TimestampPrecision>> = {
  YEAR: "year",
  MONTH: "month",
  DAY: "day",
  HOUR: "minute",
  MINUTE: "minute",
  SECOND: "second",
};
const UNIT_MS: Readonly<Record<"DAY" | "HOUR" | "MINUTE" | "SECOND", number>> = {
  DAY: 86_400_000,
  HOUR: 3_600_000,
  MINUTE: 60_000,
  SECOND: 1000,
};
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

function timestampArg(value: Exclude<SqlValue, null>, fn: string): TimestampValue {
  if (!(value instanceof Timestamp)) {
    throw new SelectError(
      "IncorrectSqlFunctionArgumentType",
      `${fn} needs a timestamp, not ${JSON.stringify(String(value))}`,
    );
  }
  return value.value;
}

function higher(a: TimestampPrecision, b: TimestampPrecision): TimestampPrecision {
  return PRECISION_ORDER.indexOf(a) >= PRECISION_ORDER.indexOf(b) ? a : b;
}

/** Adds whole months in local time, clamping the day to the target month's last day. */
function addMonths(local: Date, months: number): Date {
  const result = new Date(local.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const last = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, last));
  return result;
}

export function dateAdd(part: DatePart, quantityValue: SqlValue, timestamp: SqlValue): SqlValue {
  if (quantityValue === null || timestamp === null) return null;
  const value = timestampArg(timestamp, "DATE_ADD");
  const quantity = Math.trunc(toNumber(quantityValue));
  const local = localFields(value);
  let moved: Date;
  if (part === "YEAR") moved = addMonths(local, quantity * 12);
  else if (part === "MONTH") moved = addMonths(local, quantity);
  else moved = new Date(local.getTime() + quantity * UNIT_MS[part]);
  const precision = higher(value.precision, PART_PRECISION[part]);
  return new Timestamp({ ...value, ms: moved.getTime() - value.offsetMinutes * 60_000, precision });
}

/** Whole calendar months from `a` to `b`, truncated toward zero. */
function monthsBetween(a: TimestampValue, b: TimestampValue): number {
  const [la, lb] = [localFields(a), localFields(b)];
  let months = (lb.getUTCFullYear() - la.getUTCFullYear()) * 12 + (lb.getUTCMonth() - la.getUTCMonth());
  const passed = (m: number) => addMonths(la, m).getTime() - a.offsetMinutes * 60_000;
  if (months > 0 && passed(months) > b.ms) months--;
  if (months < 0 && passed(months) < b.ms) months++;
  return months;
}

export function dateDiff(part: DatePart, first: SqlValue, second: SqlValue): SqlValue {
  if (first === null || second === null) return null;
  const a = timestampArg(first, "DATE_DIFF");
  const b = timestampArg(second, "DATE_DIFF");
  if (part === "YEAR") return Math.trunc(monthsBetween(a, b) / 12);
  if (part === "MONTH") return monthsBetween(a, b);
  return Math.trunc((b.ms - a.ms) / UNIT_MS[part]);
}

export function extract(part: ExtractPart, timestamp: SqlValue): SqlValue {
  if (timestamp === null) return null;
  const value = timestampArg(timestamp, "EXTRACT");
  const local = localFields(value);
  switch (part) {
    case "YEAR":
      return local.getUTCFullYear();
    case "MONTH":
      return local.getUTCMonth() + 1;
    case "DAY":
      return local.getUTCDate();
    case "HOUR":
      return local.getUTCHours();
    case "MINUTE":
      return local.getUTCMinutes();
    case "SECOND":
      return local.getUTCSeconds();
    case "TIMEZONE_HOUR":
      return Math.trunc(value.offsetMinutes / 60);
    case "TIMEZONE_MINUTE":
      return value.offsetMinutes % 60;
  }
}

function pad(n: number, width: number): string {
  return String(Math.abs(n)).padStart(width, "0");
}

function offset(minutes: number, count: number, zulu: boolean): string {
  if (zulu && minutes === 0) return "Z";
  const sign = minutes < 0 ? "-" : "+";
  const [h, m] = [pad(Math.floor(Math.abs(minutes) / 60), 2), pad(Math.abs(minutes) % 60, 2)];
  if (count === 1) return `${sign}${h}`;
  return count === 3 || count === 5 ? `${sign}${h}:${m}` : `${sign}${h}${m}`;
}

function symbol(letter: string, count: number, value: TimestampValue, local: Date): string {
  const fraction = value.fraction.padEnd(9, "0");
  switch (letter) {
    case "y":
      return count === 2
        ? pad(local.getUTCFullYear() % 100, 2)
        : pad(local.getUTCFullYear(), count === 4 ? 4 : 1);
    case "M": {
      const month = local.getUTCMonth();
      if (count <= 2) return pad(month + 1, count);
      const name = MONTHS[month] as string;
      return count === 3 ? name.slice(0, 3) : count === 4 ? name : name.slice(0, 1);
    }
    case "d":
      return pad(local.getUTCDate(), count);
    case "a":
      return local.getUTCHours() < 12 ? "AM" : "PM";
    case "h":
      return pad(local.getUTCHours() % 12 || 12, count);
    case "H":
      return pad(local.getUTCHours(), count);
    case "m":
      return pad(local.getUTCMinutes(), count);
    case "s":
      return pad(local.getUTCSeconds(), count);
    case "S":
      return fraction.slice(0, count);
    case "n":
      return String(Number(fraction));
    case "X":
    case "x":
      return offset(value.offsetMinutes, count, letter === "X");
    default:
      return "";
  }
}

/** TO_STRING(timestamp, pattern) with the page's pattern letters. */
export function toStringPattern(timestamp: SqlValue, pattern: SqlValue): SqlValue {
  if (timestamp === null || pattern === null) return null;
  const value = timestampArg(timestamp, "TO_STRING");
  const local = localFields(value);
  return parseFormatPattern(formatValue(pattern))
    .map((part) => (part.kind === "text" ? part.text : symbol(part.letter, part.count, value, local)))
    .join("");
}

/** TO_TIMESTAMP(string): the timestamp text rules, as CAST(… AS TIMESTAMP). */
export function toTimestampFunction(value: SqlValue): SqlValue {
  if (value === null) return null;
  if (typeof value !== "string") throw castFailed(value, "TIMESTAMP");
  return toTimestamp(value);
}

/** UTCNOW(): the run's clock reading, in UTC at millisecond precision. */
export function utcNow(nowMs: number): Timestamp {
  const ms = nowMs % 1000;
  return new Timestamp({ ms: nowMs, offsetMinutes: 0, precision: "second", fraction: pad(ms, 3) });
}
