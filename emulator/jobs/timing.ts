import { type Tier } from "../../lib/glacier/job-types";
import { type ResolvedOptions } from "../options";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * One deterministic delay per tier, inside Glacier's typical range (glacier-api.md §8.1): Expedited
 * 1–5 min → 3 min, Standard 3–5 h → 4 h, Bulk 5–12 h → 8 h. Real time = delay / time scale.
 */
export const TIER_DELAY_MS: Readonly<Record<Tier, number>> = {
  Expedited: 3 * MINUTE,
  Standard: 4 * HOUR,
  Bulk: 8 * HOUR,
};

/** Output stays available for 24 h after completion (§8.1), in simulated time. */
export const RETENTION_MS = 24 * HOUR;
/** Provisioned capacity and the shared Expedited capacity are counted per 5 minutes (§8.2). */
export const CAPACITY_WINDOW_MS = 5 * MINUTE;
/** Each provisioned unit guarantees 3 Expedited retrievals per window (§8.2). */
export const RETRIEVALS_PER_UNIT = 3;
/**
 * FreeTier policy: the daily free allowance of Glacier's original pricing, 5 % of the stored bytes
 * prorated over a 30-day month, but at least 1 MiB. Standard retrievals beyond it in one (simulated)
 * day are refused.
 */
export function freeTierBytesPerDay(storedBytes: number): number {
  return Math.max(1024 * 1024, Math.floor((storedBytes * 0.05) / 30));
}
export const DAY_MS = 24 * HOUR;

/** Simulated duration → real milliseconds under `--time-scale`. */
export function scaled(options: Pick<ResolvedOptions, "timeScale">, simulatedMs: number): number {
  return simulatedMs / options.timeScale;
}

export function dueAt(options: Pick<ResolvedOptions, "timeScale">, createdMs: number, tier: Tier): number {
  return createdMs + Math.round(scaled(options, TIER_DELAY_MS[tier]));
}

/** 24 h scaled, but at least `--min-retention` real seconds so downloads stay possible at huge scales. */
export function expiresAt(
  options: Pick<ResolvedOptions, "timeScale" | "minRetentionSeconds">,
  completedMs: number,
): number {
  return (
    completedMs + Math.round(Math.max(scaled(options, RETENTION_MS), options.minRetentionSeconds * 1000))
  );
}
