/**
 * Select's value model. CSV fields arrive as strings; numbers come from literals, arithmetic and
 * CAST. Following S3 Select, a string meeting a number (comparison, arithmetic, SUM) is cast to a
 * number, and a string that is not numeric fails the query with CastFailed instead of silently
 * comparing false. Division always yields a float (no separate integer type is tracked).
 */

import { SelectError } from "./errors";

export class Timestamp {
  constructor(readonly ms: number) {}

  toString(): string {
    return new Date(this.ms).toISOString();
  }
}

export type SqlValue = null | string | number | boolean | Timestamp;

export const CAST_TYPES = ["INT", "INTEGER", "FLOAT", "DECIMAL", "STRING", "BOOL", "TIMESTAMP"] as const;
export type CastType = (typeof CAST_TYPES)[number];

const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
// YYYY[-MM[-DD[Thh:mm[:ss[.fff]][zone]]]], zone Z or ±hh:mm; no zone means UTC.
const TIMESTAMP =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?T?$/;

export function typeName(value: SqlValue): string {
  if (value === null) return "NULL";
  if (value instanceof Timestamp) return "TIMESTAMP";
  return typeof value === "number" ? "NUMBER" : typeof value === "boolean" ? "BOOL" : "STRING";
}

function castFailed(value: SqlValue, target: string): SelectError {
  return new SelectError(
    "CastFailed",
    `Cannot convert ${typeName(value)} ${JSON.stringify(String(value))} to ${target}`,
  );
}

/** Numeric reading of a string, or null when it is not a number. */
export function parseNumber(text: string): number | null {
  const trimmed = text.trim();
  return NUMERIC.test(trimmed) ? Number(trimmed) : null;
}

export function toNumber(value: Exclude<SqlValue, null>, target = "a number"): number {
  if (typeof value === "number") return value;
  if (typeof value === "string") {
    const parsed = parseNumber(value);
    if (parsed !== null) return parsed;
  }
  throw castFailed(value, target);
}

function toBool(value: Exclude<SqlValue, null>): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0;
  if (typeof value === "string") {
    const lower = value.trim().toLowerCase();
    if (lower === "true" || lower === "false") return lower === "true";
  }
  throw castFailed(value, "BOOL");
}

function toTimestamp(value: Exclude<SqlValue, null>): Timestamp {
  if (value instanceof Timestamp) return value;
  const match = typeof value === "string" ? TIMESTAMP.exec(value.trim()) : null;
  if (!match) throw castFailed(value, "TIMESTAMP");
  const [
    ,
    year = "",
    month = "01",
    day = "01",
    hour = "00",
    minute = "00",
    second = "00",
    fraction = "",
    zone = "Z",
  ] = match;
  const ms = Date.parse(
    `${year}-${month}-${day}T${hour}:${minute}:${second}.${fraction.slice(0, 3).padEnd(3, "0")}${zone}`,
  );
  if (Number.isNaN(ms)) throw castFailed(value, "TIMESTAMP");
  return new Timestamp(ms);
}

export function castValue(value: SqlValue, type: CastType): SqlValue {
  if (value === null) return null;
  switch (type) {
    case "INT":
    case "INTEGER":
      return typeof value === "boolean" ? Number(value) : Math.trunc(toNumber(value, type));
    case "FLOAT":
    case "DECIMAL":
      return typeof value === "boolean" ? Number(value) : toNumber(value, type);
    case "STRING":
      return formatValue(value);
    case "BOOL":
      return toBool(value);
    case "TIMESTAMP":
      return toTimestamp(value);
  }
}

function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/**
 * Three-valued comparison: null when either side is NULL, else -1/0/1. A string facing a number,
 * boolean or timestamp is cast to that type first; two strings compare by code unit.
 */
export function compareValues(left: SqlValue, right: SqlValue): number | null {
  if (left === null || right === null) return null;
  if (typeof left === "string" && typeof right === "string") return left < right ? -1 : left > right ? 1 : 0;
  if (typeof left === "number" || typeof right === "number") {
    if (typeof left === "boolean" || typeof right === "boolean") throw incompatible(left, right);
    if (left instanceof Timestamp || right instanceof Timestamp) throw incompatible(left, right);
    return sign(toNumber(left) - toNumber(right));
  }
  if (left instanceof Timestamp || right instanceof Timestamp) {
    if (typeof left === "boolean" || typeof right === "boolean") throw incompatible(left, right);
    return sign(toTimestamp(left).ms - toTimestamp(right).ms);
  }
  return Number(toBool(left)) - Number(toBool(right));
}

function incompatible(left: SqlValue, right: SqlValue): SelectError {
  return new SelectError("IncompatibleTypes", `Cannot compare ${typeName(left)} with ${typeName(right)}`);
}

/** A value in a logical context (WHERE, AND, OR, NOT): booleans, NULL, or "true"/"false" strings. */
export function toCondition(value: SqlValue): boolean | null {
  return value === null ? null : toBool(value);
}

/** The text written to the output CSV; NULL is an empty field. */
export function formatValue(value: SqlValue): string {
  if (value === null) return "";
  if (typeof value === "string") return value;
  return String(value);
}
