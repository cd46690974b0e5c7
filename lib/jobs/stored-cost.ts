import { type JobsTable } from "@/lib/db/schema";
import { COST_BASES, type JobCost, priceJob } from "@/lib/glacier/job-cost";
import { isOneOf, TIERS } from "@/lib/glacier/job-types";
import { type CostEstimate, DEFAULT_PRICING, type PricingTable } from "@/lib/glacier/pricing";

/**
 * A job's figure as stored at submission (migration 0011), which the jobs list, the job page and the
 * overview all show. Nothing is re-priced, with one completion: a job whose archive size was unknown
 * at submission (not in the catalog) is priced, with the same rule and table, once the size is known
 * — from an inventory imported since that lists the archive, or (archive retrieval) from the size
 * Glacier reported — which is what the "unknown until the archive's size is known" wording promises.
 * Jobs recorded before the migration show the total of their JSON estimate when it had one, else
 * the same unknown wording and completion; jobs another tool started (imported) are priced from what
 * Glacier reported, like the completion.
 */

type CostFacts = Pick<
  JobsTable,
  "job_type" | "tier" | "estimate" | "estimate_usd" | "estimate_bytes" | "estimate_basis" | "size_bytes"
> & {
  /** The archive's size in the vault's catalog, when a later inventory lists it. */
  catalog_size?: number | null;
};

function recordedTotal(json: string | null): number | null {
  if (!json) return null;
  try {
    const total = (JSON.parse(json) as Partial<CostEstimate>).totalUsd;
    return typeof total === "number" ? total : null;
  } catch {
    return null;
  }
}

function storedFigure(row: CostFacts): JobCost {
  const jobType = row.job_type;
  if (isOneOf(COST_BASES, row.estimate_basis))
    return { jobType, usd: row.estimate_usd, bytes: row.estimate_bytes, basis: row.estimate_basis };
  const recorded = recordedTotal(row.estimate);
  if (recorded !== null) return { jobType, usd: recorded, bytes: null, basis: "recorded" };
  return { jobType, usd: null, bytes: null, basis: jobType === "inventory-retrieval" ? "flat" : "unknown" };
}

/** `rangeBytes`: the retrieved range's length, for a ranged archive retrieval (lib/jobs/retrieved-size). */
export function storedCostOf(
  row: CostFacts,
  rangeBytes: number | null,
  pricing: PricingTable = DEFAULT_PRICING,
): JobCost {
  const stored = storedFigure(row);
  const unpricedImport = row.estimate === null && row.estimate_basis === null;
  if (stored.basis !== "unknown" && !unpricedImport) return stored;
  const tier = isOneOf(TIERS, row.tier) ? row.tier : undefined;
  return priceJob(
    { jobType: row.job_type, tier, rangeBytes, archiveSize: row.catalog_size, glacierSize: row.size_bytes },
    pricing,
  ).cost;
}
