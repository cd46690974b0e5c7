/**
 * Accumulators for COUNT, SUM, AVG, MIN and MAX over a whole input (Select has no GROUP BY).
 * NULLs are skipped; SUM/AVG/MIN/MAX of no value is NULL, COUNT of none is 0. SUM and AVG cast
 * strings to numbers (CastFailed otherwise). MIN and MAX compare numerically while every value
 * reads as a number, and fall back to string order as soon as one does not (so MIN(s.name) works
 * and MIN(s.price) over CSV text is not "10" < "9").
 */

import { type AggregateFunction } from "./ast";
import { type SqlValue, compareValues, formatValue, parseNumber, Timestamp, toNumber } from "./values";

export interface Accumulator {
  add(value: SqlValue): void;
  result(): SqlValue;
}

class Count implements Accumulator {
  private count = 0;
  add(value: SqlValue): void {
    if (value !== null) this.count++;
  }
  result(): SqlValue {
    return this.count;
  }
}

class Sum implements Accumulator {
  private sum = 0;
  private count = 0;
  constructor(private readonly average: boolean) {}
  add(value: SqlValue): void {
    if (value === null) return;
    this.sum += toNumber(value);
    this.count++;
  }
  result(): SqlValue {
    if (this.count === 0) return null;
    return this.average ? this.sum / this.count : this.sum;
  }
}

/** Reads a value as a number when it is one or a numeric string; null otherwise. */
function numericReading(value: Exclude<SqlValue, null>): number | null {
  if (typeof value === "number") return value;
  return typeof value === "string" ? parseNumber(value) : null;
}

class Extreme implements Accumulator {
  private allNumeric = true;
  private bestNumber: number | null = null;
  private bestOther: SqlValue = null;

  /** `direction` 1 keeps the largest value (MAX), -1 the smallest (MIN). */
  constructor(private readonly direction: 1 | -1) {}

  add(value: SqlValue): void {
    if (value === null) return;
    const number = numericReading(value);
    if (number === null) this.allNumeric = false;
    else if (this.bestNumber === null || Math.sign(number - this.bestNumber) === this.direction)
      this.bestNumber = number;
    if (this.bestOther === null || this.order(value, this.bestOther) === this.direction)
      this.bestOther = value;
  }

  /** Order without implicit casts: timestamps and booleans among themselves, anything else as text. */
  private order(a: Exclude<SqlValue, null>, b: Exclude<SqlValue, null>): number {
    const sameKind =
      (a instanceof Timestamp && b instanceof Timestamp) ||
      (typeof a === "boolean" && typeof b === "boolean");
    if (sameKind) return compareValues(a, b) ?? 0;
    const [x, y] = [formatValue(a), formatValue(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  }

  result(): SqlValue {
    return this.allNumeric && this.bestNumber !== null ? this.bestNumber : this.bestOther;
  }
}

export function createAccumulator(name: AggregateFunction): Accumulator {
  switch (name) {
    case "COUNT":
      return new Count();
    case "SUM":
      return new Sum(false);
    case "AVG":
      return new Sum(true);
    case "MIN":
      return new Extreme(-1);
    case "MAX":
      return new Extreme(1);
  }
}
