/**
 * How long a job will take, as a person is told it: from this connection's own history when it has
 * some (the median of its last completed jobs of the same type and tier), with AWS's typical range
 * beside it; else AWS's typical range alone. The typical ranges are the pricing table's windows,
 * from the Glacier developer guide's "Archive retrieval options"
 * (https://docs.aws.amazon.com/amazonglacier/latest/dev/downloading-an-archive-two-steps.html):
 * Expedited 1–5 minutes (archives under 250 MB), Standard 3–5 hours, Bulk 5–12 hours.
 * Pure and isomorphic: the server summarises, the wizard and the job page phrase.
 */

import { type JobType, type Tier, TIERS } from "./job-types";
import { type CostEstimate, type WindowFigure } from "./pricing";

/** One completed job of the connection: its type and tier, and when Glacier created and completed it. */
export type CompletionSample = {
  jobType: JobType;
  tier: string | null;
  createdAt: string;
  completedAt: string;
};

/** The connection's history for one job type and tier. Plain data: it travels to the browser. */
export type ObservedCompletion = {
  jobType: JobType;
  tier: Tier;
  count: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
};

/** AWS's typical completion per tier, the upper end first in use (the retrieval options page above). */
export const TYPICAL_COMPLETION_MS: Readonly<Record<Tier, { min: number; max: number }>> = {
  Expedited: { min: 60_000, max: 5 * 60_000 },
  Standard: { min: 3 * 3_600_000, max: 5 * 3_600_000 },
  Bulk: { min: 5 * 3_600_000, max: 12 * 3_600_000 },
};

/**
 * How long after its creation a job of `jobType` and `tier` should be done: the slowest of the
 * connection's observed jobs of that kind when it has some, else the upper end of AWS's typical range.
 */
export function dueAfterMs(
  observed: readonly ObservedCompletion[],
  jobType: JobType,
  tier: string | null,
): number {
  const mine = observed.find((o) => o.jobType === jobType && o.tier === tierOf(tier));
  return mine && mine.count > 0 ? mine.maxMs : TYPICAL_COMPLETION_MS[tierOf(tier)].max;
}

/** Jobs per type and tier the median is taken over: recent enough to follow a change at AWS. */
export const OBSERVED_JOBS_PER_KIND = 20;

const TIER_WORDS: Readonly<Record<JobType, string>> = {
  "archive-retrieval": "archive retrievals",
  "inventory-retrieval": "inventory retrievals",
  select: "select jobs",
};

function tierOf(tier: string | null): Tier {
  return (TIERS as readonly string[]).includes(tier ?? "") ? (tier as Tier) : "Standard";
}

function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? upper) + upper) / 2;
}

/**
 * Samples (newest first) → one summary per job type and tier, over at most
 * `OBSERVED_JOBS_PER_KIND` jobs each. Samples with unreadable or reversed dates are skipped.
 */
export function summariseCompletionTimes(samples: Iterable<CompletionSample>): ObservedCompletion[] {
  const byKind = new Map<string, { jobType: JobType; tier: Tier; durations: number[] }>();
  for (const sample of samples) {
    const ms = Date.parse(sample.completedAt) - Date.parse(sample.createdAt);
    if (!Number.isFinite(ms) || ms < 0) continue;
    const tier = tierOf(sample.tier);
    const key = `${sample.jobType}|${tier}`;
    const kind = byKind.get(key) ?? { jobType: sample.jobType, tier, durations: [] };
    byKind.set(key, kind);
    if (kind.durations.length < OBSERVED_JOBS_PER_KIND) kind.durations.push(ms);
  }
  return [...byKind.values()].map(({ jobType, tier, durations }) => {
    const sorted = [...durations].sort((a, b) => a - b);
    return {
      jobType,
      tier,
      count: sorted.length,
      medianMs: median(sorted),
      minMs: sorted[0] ?? 0,
      maxMs: sorted.at(-1) ?? 0,
    };
  });
}

/** `under a minute`, `about 12 minutes`, `about an hour`, `about 4 hours`, `about 2 days`. */
export function formatApproxDuration(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes < 1) return "under a minute";
  if (minutes < 1.5) return "about a minute";
  if (minutes < 55) return `about ${Math.round(minutes)} minutes`;
  const hours = minutes / 60;
  if (hours < 1.5) return "about an hour";
  if (hours < 36) return `about ${Math.round(hours)} hours`;
  return `about ${Math.round(hours / 24)} days`;
}

/** `1–3 minutes`-style span of the observed jobs, in the coarser of the two ends' units. */
function observedSpan(observed: ObservedCompletion): string {
  if (observed.count === 1)
    return `it took ${formatApproxDuration(observed.medianMs).replace(/^about /, "")}`;
  const low = formatApproxDuration(observed.minMs).replace(/^about /, "");
  const high = formatApproxDuration(observed.maxMs).replace(/^about /, "");
  return low === high ? `each took ${low}` : `from ${low} to ${high}`;
}

/**
 * The expected completion for a job of `jobType` and `tier`: the connection's median when it has
 * completed such jobs, with its span and AWS's typical range (`typical`) in the source line; else
 * `typical` unchanged.
 */
export function expectedCompletion(
  typical: WindowFigure,
  observed: readonly ObservedCompletion[],
  jobType: JobType,
  tier: string | null,
): WindowFigure {
  const mine = observed.find((o) => o.jobType === jobType && o.tier === tierOf(tier));
  if (!mine || mine.count === 0) return typical;
  const jobs =
    mine.count === 1
      ? `last ${mine.tier} ${TIER_WORDS[jobType].replace(/s$/, "")}`
      : `last ${mine.count} ${mine.tier} ${TIER_WORDS[jobType]}`;
  return {
    text: formatApproxDuration(mine.medianMs),
    source: `this connection's ${jobs}: ${observedSpan(mine)}; AWS's typical range: ${typical.text}`,
    date: "",
    status: "confirmed",
  };
}

/** An estimate whose completion window is `expectedCompletion`'s. */
export function withExpectedCompletion(
  estimate: CostEstimate,
  observed: readonly ObservedCompletion[],
  jobType: JobType,
  tier: string | null,
): CostEstimate {
  const window = expectedCompletion(estimate.window, observed, jobType, tier);
  return window === estimate.window ? estimate : { ...estimate, window };
}
