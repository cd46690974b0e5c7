/**
 * One job's price, as Thaw states it everywhere (issue #16 "one cost"): `priceJob` turns what is
 * known at submission (job type, tier, a byte range, the archive's size from the catalog) into the
 * estimate and its headline figure; the figure is stored with the job (jobs.estimate_usd, _bytes,
 * _basis) and every screen words it with `costText`/`costBasisText`. Rules (AWS pricing, "Data
 * retrievals" and "S3 Glacier Select" — aws.amazon.com/s3/glacier/pricing/, see pricing.ts for the
 * figures and their sources): an archive retrieval is billed per request plus per GB retrieved (the
 * range when one is given, else the whole archive); a Select job per request plus per GB scanned,
 * which is the whole archive whatever the SQL, plus per GB returned (known only afterwards, so not
 * in the figure); an inventory retrieval per request. Pure and isomorphic.
 */

import { formatBytes } from "./format";
import { type JobType, type Tier } from "./job-types";
import { type CostEstimate, DEFAULT_PRICING, estimateJobCost, formatUsd, type PricingTable } from "./pricing";

/**
 * What the figure's size came from: `range` the byte range asked for, `catalog` the archive's size in
 * an imported inventory, `glacier` the size Glacier reported for the job, `flat` no size is
 * involved (inventory), `recorded` a total recorded before sizes were stored (its size is not
 * known), `unknown` a size the price needs is not known.
 */
export const COST_BASES = ["range", "catalog", "glacier", "flat", "recorded", "unknown"] as const;
export type CostBasis = (typeof COST_BASES)[number];

export type JobCost = {
  jobType: JobType;
  /** Null while a size the price needs is unknown, or when no price is known for the job type. */
  usd: number | null;
  /** Bytes priced: retrieved (archive retrieval) or scanned (Select); null when unknown or none. */
  bytes: number | null;
  basis: CostBasis;
};

export type PriceJobInput = {
  jobType: JobType;
  tier?: Tier | undefined;
  /** Archive retrieval: bytes of the RetrievalByteRange, when one is given (null: the whole archive). */
  rangeBytes?: number | null | undefined;
  /** The archive's size from the catalog, when the vault's inventory lists it. */
  archiveSize?: number | null | undefined;
  /** The archive's size as Glacier reported it (archive retrieval only: Select jobs carry none). */
  glacierSize?: number | null | undefined;
};

function known(bytes: number | null | undefined): bytes is number {
  return typeof bytes === "number" && Number.isFinite(bytes) && bytes >= 0;
}

/** The bytes the price counts and where they came from. */
function sizeOf(input: PriceJobInput): { bytes: number | null; basis: CostBasis } {
  if (input.jobType === "inventory-retrieval") return { bytes: null, basis: "flat" };
  if (input.jobType === "archive-retrieval" && known(input.rangeBytes))
    return { bytes: input.rangeBytes, basis: "range" };
  if (known(input.archiveSize)) return { bytes: input.archiveSize, basis: "catalog" };
  if (input.jobType === "archive-retrieval" && known(input.glacierSize))
    return { bytes: input.glacierSize, basis: "glacier" };
  return { bytes: null, basis: "unknown" };
}

/** A job priced: the itemised estimate (review, job page) and its figure, stored with the job. */
export type PricedJob = { estimate: CostEstimate; cost: JobCost };

/** The one pricing of a job, by the wizard as it is filled in and by the submission that stores it. */
export function priceJob(input: PriceJobInput, table: PricingTable = DEFAULT_PRICING): PricedJob {
  const { bytes, basis } = sizeOf(input);
  const estimate = estimateJobCost(
    { jobType: input.jobType, tier: input.tier, retrievedBytes: bytes, scannedBytes: bytes },
    table,
  );
  return { estimate, cost: { jobType: input.jobType, usd: estimate.totalUsd, bytes, basis } };
}

/** A sum or figure of estimates, worded the same everywhere: `≈ $0.01`. */
export function estimatedUsd(usd: number): string {
  return `≈ ${formatUsd(usd)}`;
}

/** The words for a figure that cannot be given yet (the list, the job page and the review alike). */
export const UNKNOWN_COST = "unknown until the archive's size is known";
export const UNPRICED_COST = "no price known";

/** The figure as every screen shows it. */
export function costText(cost: JobCost): string {
  if (cost.usd !== null) return estimatedUsd(cost.usd);
  return cost.basis === "unknown" ? UNKNOWN_COST : UNPRICED_COST;
}

/** What the figure counts, in words (beside or under `costText`). */
export function costBasisText(cost: JobCost): string {
  const scanned = cost.jobType === "select" ? "scanned" : "retrieved";
  const size = cost.bytes === null ? "" : `${formatBytes(cost.bytes)} ${scanned}`;
  switch (cost.basis) {
    case "range":
      return `${size}: the byte range asked for`;
    case "catalog":
      return `${size}: the archive's size in the vault's catalog`;
    case "glacier":
      return `${size}: the archive's size Glacier reported`;
    case "flat":
      return cost.usd === null
        ? "No source gives a price for inventory retrievals; a deployment can set one in THAW_PRICING_FILE."
        : "One request; no size involved";
    case "recorded":
      return "Recorded at submission";
    case "unknown":
      return cost.jobType === "select"
        ? "The archive is not in the vault's catalog, and Glacier does not report the size a Select job scans: import an inventory that lists it."
        : "The archive is not in the vault's catalog: Glacier reports its size once it describes the job.";
  }
}
