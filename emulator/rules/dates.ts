import { daysInMonth, formatGlacierDate } from "../../lib/glacier/dates";

/** Glacier dates: ISO 8601 UTC with milliseconds (glacier-api.md §1.7). */
export const isoMillis = formatGlacierDate;

/**
 * One calendar month later, to the second; a day that does not exist in the next month clamps to its
 * last day (Jan 31 → Feb 28/29, Aug 31 → Sep 30), per PurchaseProvisionedCapacity (§8.2).
 */
export function addOneMonth(date: Date): Date {
  const next = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
  const day = Math.min(date.getUTCDate(), daysInMonth(next.getUTCFullYear(), next.getUTCMonth() + 1));
  next.setUTCDate(day);
  next.setUTCHours(date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds());
  return next;
}

/** Drops milliseconds: provisioned capacity dates are to the second (`…:33.000Z`). */
export function truncateToSecond(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
