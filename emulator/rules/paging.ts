import { invalidParameter } from "../http/errors";

/** `limit` travels as a string (glacier-api.md §10.1); out-of-range or non-numeric values are rejected. */
export function parseLimit(raw: string | null, defaultLimit: number, max: number): number {
  if (raw === null || raw === "") return defaultLimit;
  if (!/^\d+$/.test(raw)) throw invalidParameter(`Invalid limit: '${raw}' is not a number.`);
  const limit = Number(raw);
  if (limit < 1 || limit > max) throw invalidParameter(`Invalid limit: ${raw}. It must be from 1 to ${max}.`);
  return limit;
}

/**
 * Reads one row more than the page holds to learn whether a next page exists.
 * Returns the page and the row the next page starts at (or undefined at the end).
 */
export function splitPage<T>(rows: readonly T[], limit: number): { page: T[]; next: T | undefined } {
  return { page: rows.slice(0, limit), next: rows[limit] };
}
