import { describe, expect, it } from "vitest";
import { costBasisText, costText, estimatedUsd, priceJob, UNKNOWN_COST } from "./job-cost";
import { BYTES_PER_GB, DEFAULT_PRICING } from "./pricing";

const MIB = 1_048_576;
const standard = DEFAULT_PRICING.tiers.Standard;

describe("priceJob: one price per job, from what is known at submission", () => {
  it("prices Select by the archive's catalog size, scanned whole whatever the SQL", () => {
    const { estimate, cost } = priceJob({ jobType: "select", tier: "Standard", archiveSize: 5.5 * MIB });
    const expected =
      standard.selectPerRequest.usd + ((5.5 * MIB) / BYTES_PER_GB) * standard.selectScannedPerGb.usd;
    expect(cost).toEqual({ jobType: "select", usd: expected, bytes: 5.5 * MIB, basis: "catalog" });
    expect(estimate.totalUsd).toBe(expected);
    expect(costText(cost)).toBe(estimatedUsd(expected));
    expect(costBasisText(cost)).toBe("5.50 MiB scanned: the archive's size in the vault's catalog");
  });

  it("leaves Select unknown without the catalog: Glacier reports no size for Select jobs", () => {
    const { cost } = priceJob({ jobType: "select", tier: "Bulk", glacierSize: 9 * MIB });
    expect(cost).toMatchObject({ usd: null, bytes: null, basis: "unknown" });
    expect(costText(cost)).toBe(UNKNOWN_COST);
    expect(costBasisText(cost)).toMatch(/import an inventory that lists it/);
  });

  it("prices a ranged retrieval by its range, before the archive's size", () => {
    const { cost } = priceJob({
      jobType: "archive-retrieval",
      tier: "Expedited",
      rangeBytes: MIB,
      archiveSize: 5.5 * MIB,
    });
    expect(cost).toMatchObject({ bytes: MIB, basis: "range" });
  });

  it("prices a whole archive by the catalog, else by Glacier's size, else not at all", () => {
    const input = { jobType: "archive-retrieval", tier: "Standard" } as const;
    expect(priceJob({ ...input, archiveSize: 7, glacierSize: 9 }).cost).toMatchObject({
      bytes: 7,
      basis: "catalog",
    });
    expect(priceJob({ ...input, glacierSize: 9 }).cost).toMatchObject({ bytes: 9, basis: "glacier" });
    const unknown = priceJob(input).cost;
    expect(unknown).toMatchObject({ usd: null, basis: "unknown" });
    expect(costText(unknown)).toBe(UNKNOWN_COST);
  });

  it("an inventory retrieval involves no size; without a price it says so", () => {
    const { cost } = priceJob({ jobType: "inventory-retrieval" });
    expect(cost).toMatchObject({ usd: null, bytes: null, basis: "flat" });
    expect(costText(cost)).toBe("no price known");
  });
});
