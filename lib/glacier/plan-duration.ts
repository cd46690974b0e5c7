/**
 * How long a plan takes at its settings, per tier: the one model the plan form's estimate uses.
 * Pure and isomorphic (components import it; no I/O).
 */

const MIB = 1024 * 1024;

/** How fast a plan may go besides its jobs in flight (THAW_PLAN_INITIATIONS_PER_SECOND, …_COPY_CONCURRENCY). */
export type PlanThroughput = {
  /** InitiateJob calls per second at most, per plan. */
  initiationsPerSecond: number;
  /** Copies of one plan at once. */
  copiesAtOnce: number;
  /** Assumed speed of one copy (GetJobOutput → destination), MiB/s: the estimate's guess, not a limit. */
  copyMiBPerSecond: number;
};

/**
 * Defaults. AWS publishes no per-second InitiateJob quota for vaults; its own vault-to-S3 solution
 * requests archives in order and meets throttling only beyond its quotas
 * (docs.aws.amazon.com/solutions/latest/data-transfer-from-amazon-s3-glacier-vaults-to-amazon-s3/quotas.html).
 * Ten a second keeps a step's burst small (a throttled plan backs off by itself); 25 MiB/s per copy is
 * about what one chunked copy reaches through the embedded server (bench/copy.ts).
 */
export const DEFAULT_THROUGHPUT: PlanThroughput = {
  initiationsPerSecond: 10,
  copiesAtOnce: 4,
  copyMiBPerSecond: 25,
};

/** What bounds a plan's duration at its settings. */
export type DurationLimit = "jobs in flight" | "initiation rate" | "copies" | "daily budget";

/** The settings behind an estimate, in words (shown under the tiers' cards). */
export function describeThroughput(maxInFlight: number, throughput: PlanThroughput): string {
  const { initiationsPerSecond: rate, copiesAtOnce: copies, copyMiBPerSecond: speed } = throughput;
  return `Durations assume at most ${maxInFlight.toLocaleString("en-US")} job${maxInFlight === 1 ? "" : "s"} in flight, ${rate} initiation${rate === 1 ? "" : "s"} a second and ${copies} cop${copies === 1 ? "y" : "ies"} at once at about ${speed} MiB/s each.`;
}

export type PlanDuration = { hours: { min: number; max: number }; limitedBy: DurationLimit };

/**
 * Hours from start to the last copy, for one tier's completion window. Jobs go out in waves of
 * `maxInFlight`, each taking the window; no faster than the initiation rate allows (all initiated,
 * plus one window); a daily byte budget starts the last initiations (days − 1) × 24 h in; copies
 * begin once the first jobs complete and move `copiesAtOnce × copyMiBPerSecond`. The largest of these
 * is the estimate, and names the setting that bounds it.
 */
export function planDuration(
  work: { archives: number; bytes: number; budgetDays: number; maxInFlight: number },
  window: { min: number; max: number },
  throughput: PlanThroughput,
): PlanDuration {
  const { archives, bytes, budgetDays } = work;
  if (archives <= 0) return { hours: { min: 0, max: 0 }, limitedBy: "jobs in flight" };
  const waves = Math.ceil(archives / Math.max(1, work.maxInFlight));
  const initiating = archives / Math.max(1e-9, throughput.initiationsPerSecond) / 3600;
  const copying = bytes / MIB / Math.max(1e-9, throughput.copiesAtOnce * throughput.copyMiBPerSecond) / 3600;
  const bound = (w: number): [number, DurationLimit][] => [
    [waves * w, "jobs in flight"],
    [initiating + w, "initiation rate"],
    [w + copying, "copies"],
    [(budgetDays - 1) * 24 + w, "daily budget"],
  ];
  // A later bound names the limit only when it adds more than 1 %: one wave of jobs that all start
  // within seconds is bounded by the jobs in flight, not by the seconds it took to send them.
  const longest = (w: number) => bound(w).reduce((a, b) => (b[0] > a[0] * 1.01 ? b : a));
  const [min] = longest(window.min);
  const [max, limitedBy] = longest(window.max);
  return { hours: { min, max }, limitedBy };
}
