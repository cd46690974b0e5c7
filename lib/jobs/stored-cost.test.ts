import { describe, expect, it } from "vitest";
import { priceJob, UNKNOWN_COST, costText } from "@/lib/glacier/job-cost";
import { storedCostOf } from "./stored-cost";

const MIB = 1_048_576;
const base = {
  job_type: "select",
  tier: "Standard",
  estimate: null,
  estimate_usd: null,
  estimate_bytes: null,
  estimate_basis: null,
  size_bytes: null,
} as const;

describe("storedCostOf: the figure stored at submission, shown as it is", () => {
  it("reads the stored figure, not a price recomputed from today's table", () => {
    const cost = storedCostOf(
      { ...base, estimate: "{}", estimate_usd: 0.0123, estimate_bytes: 5 * MIB, estimate_basis: "catalog" },
      null,
    );
    expect(cost).toEqual({ jobType: "select", usd: 0.0123, bytes: 5 * MIB, basis: "catalog" });
  });

  it("a job from before migration 0011 shows its JSON estimate's total, else the unknown wording", () => {
    const recorded = storedCostOf({ ...base, estimate: JSON.stringify({ totalUsd: 0.5 }) }, null);
    expect(recorded).toMatchObject({ usd: 0.5, basis: "recorded" });
    const unknown = storedCostOf({ ...base, estimate: JSON.stringify({ totalUsd: null }) }, null);
    expect(costText(unknown)).toBe(UNKNOWN_COST);
  });

  it("completes a whole-archive retrieval once Glacier reports the size; Select stays unknown", () => {
    const stored = { estimate: "{}", estimate_basis: "unknown", size_bytes: 8 * MIB } as const;
    const archive = storedCostOf({ ...base, ...stored, job_type: "archive-retrieval" }, null);
    expect(archive).toEqual(
      priceJob({ jobType: "archive-retrieval", tier: "Standard", glacierSize: 8 * MIB }).cost,
    );
    expect(archive.basis).toBe("glacier");
    expect(storedCostOf({ ...base, ...stored }, null).usd).toBeNull();
  });

  it("completes a Select job once an inventory imported since lists its archive", () => {
    const stored = { ...base, estimate: "{}", estimate_basis: "unknown" } as const;
    const cost = storedCostOf({ ...stored, catalog_size: 5 * MIB }, null);
    expect(cost).toEqual(priceJob({ jobType: "select", tier: "Standard", archiveSize: 5 * MIB }).cost);
    expect(cost).toMatchObject({ bytes: 5 * MIB, basis: "catalog" });
    // A figure stored at submission is never replaced by a later catalog's.
    const known = { ...base, estimate: "{}", estimate_usd: 1, estimate_bytes: 7, estimate_basis: "catalog" };
    expect(storedCostOf({ ...known, catalog_size: 5 * MIB }, null).usd).toBe(1);
  });

  it("prices a job another tool started from what Glacier reported, its range included", () => {
    const imported = { ...base, job_type: "archive-retrieval", size_bytes: 8 * MIB } as const;
    expect(storedCostOf(imported, MIB)).toMatchObject({ bytes: MIB, basis: "range" });
  });
});
