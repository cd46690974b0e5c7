/**
 * Select's value model at run time. CSV fields arrive as strings; numbers come from literals,
 * arithmetic and CAST. Following S3 Select, a string meeting a number (comparison, arithmetic) is
 * cast to a number, and a string that is not numeric fails the query with CastFailed instead of
 * silently comparing false. Division always yields a float (no separate integer type is tracked).
 * Timestamps keep their offset and precision (s3-glacier-select-sql-reference-data-types.html).
 */

import {
  type CastType,
  formatTimestampText,
  parseTimestampText,
  SelectError,
  type TimestampValue,
} from "../../lib/glacier/select";

export class Timestamp {
  constructor(readonly value: TimestampValue) {}

  get ms(): number {
    return this.value.ms;
  }

  toString(): string {
    return formatTimestampText(this.value);
  }
}

export type SqlValue = null | string | number | boolean | Timestamp;

const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function typeName(value: SqlValue): string {
  if (value === null) return "NULL";
  if (value instanceof Timestamp) return "TIMESTAMP";
  return typeof value === "number" ? "NUMBER" : typeof value === "boolean" ? "BOOL" : "STRING";
}

export function castFailed(value: SqlValue, target: string): SelectError {
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

/** A timestamp from a value: timestamps as they are, strings by the timestamp text rules. */
export function toTimestamp(value: Exclude<SqlValue, null>): Timestamp {
  if (value instanceof Timestamp) return value;
  const parsed = typeof value === "string" ? parseTimestampText(value.trim()) : null;
  if (!parsed) throw castFailed(value, "TIMESTAMP");
  return new Timestamp(parsed);
}

export function castValue(value: SqlValue, type: CastType): SqlValue {
  if (value === null) return null;
  switch (type) {
    case "INT":
    case "INTEGER":
      return typeof value === "boolean" ? Number(value) : Math.trunc(toNumber(value, type));
    case "FLOAT":
    case "DECIMAL":
    case "NUMERIC":
      return typeof value === "boolean" ? Number(value) : toNumber(value, type);
    case "STRING":
      return formatValue(value);
    case "BOOL":
    case "BOOLEAN":
      return toBool(value);
    case "TIMESTAMP":
      return toTimestamp(value);
  }
}

function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

function incompatible(left: SqlValue, right: SqlValue): SelectError {
  return new SelectError("IncompatibleTypes", `Cannot compare ${typeName(left)} with ${typeName(right)}`);
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
