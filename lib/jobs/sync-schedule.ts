import { type Tier } from "@/lib/glacier/job-types";

/**
 * When each part of a connection's `vault-sync` is due (pure; vault-sync.ts runs the parts):
 * - tracking: vaults with unfinished jobs, listed with `statuscode=InProgress` every TRACKING_MS of
 *   the fastest tier among those jobs, whether or not anyone watches (plans and downloads wait on them);
 * - sweep: every vault, `statuscode=InProgress`, every SWEEP_MS while a page or feed watches: imports
 *   jobs started elsewhere (CLI, other tools) within 15 minutes of their start. 15 minutes because a
 *   sweep costs one ListJobs per vault (plus ListVaults) — 50 vaults cost 204 calls an hour — and
 *   jobs started elsewhere run for hours (Standard 3–5 h, Bulk 5–12 h); an Expedited job that starts
 *   and finishes between two sweeps is imported by the completed sweep;
 * - completed sweep: every vault, `completed=true`, every COMPLETED_SWEEP_MS while watched: finished
 *   jobs started elsewhere, and finished jobs Glacier dropped (gone). AWS keeps a finished job listed
 *   for at least a day (docs.aws.amazon.com/amazonglacier/latest/dev/api-jobs-get.html: "recently
 *   completed jobs … for a period before deleting them"; a job id is valid at least 24 h after
 *   completion), so every 6 hours sees each one several times.
 */

const MINUTE = 60_000;
/**
 * AWS's typical retrieval times (docs.aws.amazon.com/amazonglacier/latest/dev/downloading-an-archive-two-steps.html):
 * Expedited 1–5 min, Standard 3–5 h, Bulk 5–12 h. The per-job poller this replaces reached 5 minutes
 * between checks of any job after its first 9 minutes, so a Standard job is noticed no later than
 * before; SNS, when configured, tells at once.
 */
export const TRACKING_MS: Readonly<Record<Tier, number>> = {
  Expedited: MINUTE,
  Standard: 5 * MINUTE,
  Bulk: 15 * MINUTE,
};
export const SWEEP_MS = 15 * MINUTE;
/** No part comes round sooner than this, however fast the connection's clock runs. */
export const MIN_PERIOD_MS = 2_000;
export const COMPLETED_SWEEP_MS = 6 * 60 * MINUTE;
/** A watcher's request keeps sweeps going this long; an open feed asks again well within it. */
export const WATCH_MS = SWEEP_MS;

export type ScheduleState = {
  next_tracking_at: string | null;
  last_sweep_at: string | null;
  last_completed_sweep_at: string | null;
  watched_at: string | null;
};

export type Due = { tracking: boolean; sweep: boolean; completed: boolean };

/**
 * A period on a connection whose Glacier runs `timeScale` times faster than AWS's (the demo's emulator,
 * lib/jobs/sync-pace.ts; 1 for AWS): its jobs finish that much sooner, so they are looked at that much
 * more often, never more than every MIN_PERIOD_MS.
 */
export function scaled(periodMs: number, timeScale = 1): number {
  return Math.max(MIN_PERIOD_MS, periodMs / timeScale);
}

function watched(state: ScheduleState | undefined, nowMs: number): boolean {
  return state?.watched_at != null && nowMs - Date.parse(state.watched_at) < WATCH_MS;
}

/** When each part is due next (ms), Infinity when it is not wanted at all. */
function dueTimes(state: ScheduleState | undefined, hasOpenJobs: boolean, nowMs: number, timeScale: number) {
  const after = (at: string | null | undefined, period: number) =>
    at == null ? nowMs : Date.parse(at) + period;
  const isWatched = watched(state, nowMs);
  return {
    tracking: hasOpenJobs ? after(state?.next_tracking_at, 0) : Infinity,
    sweep: isWatched ? after(state?.last_sweep_at, scaled(SWEEP_MS, timeScale)) : Infinity,
    completed: isWatched
      ? after(state?.last_completed_sweep_at, scaled(COMPLETED_SWEEP_MS, timeScale))
      : Infinity,
  };
}

export function dueParts(
  state: ScheduleState | undefined,
  hasOpenJobs: boolean,
  nowMs: number,
  timeScale = 1,
): Due {
  const times = dueTimes(state, hasOpenJobs, nowMs, timeScale);
  return {
    tracking: times.tracking <= nowMs,
    sweep: times.sweep <= nowMs,
    completed: times.completed <= nowMs,
  };
}

/** The next time a run has something to do, or null: nothing unfinished and nobody watching. */
export function nextRunAt(
  state: ScheduleState | undefined,
  hasOpenJobs: boolean,
  nowMs: number,
  timeScale = 1,
): number | null {
  const times = dueTimes(state, hasOpenJobs, nowMs, timeScale);
  const next = Math.min(times.tracking, times.sweep, times.completed);
  return Number.isFinite(next) ? Math.max(next, nowMs) : null;
}

export function trackingInterval(tiers: Iterable<Tier>, timeScale = 1): number {
  return scaled(Math.min(...[...tiers].map((tier) => TRACKING_MS[tier])), timeScale);
}
