import { describe, expect, it } from "vitest";
import {
  applyPricingOverride,
  BYTES_PER_GB,
  DEFAULT_PRICING,
  estimateJobCost,
  formatUsd,
  pricingOverrideSchema,
} from "./pricing";

describe("pricing table", () => {
  it("names a source and a date for every figure and flags the unconfirmed ones", () => {
    for (const tier of Object.values(DEFAULT_PRICING.tiers)) {
      for (const figure of [
        tier.retrievalPerGb,
        tier.perRequest,
        tier.selectScannedPerGb,
        tier.selectReturnedPerGb,
        tier.selectPerRequest,
        tier.window,
      ]) {
        expect(figure.source.length).toBeGreaterThan(10);
        expect(figure.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
      // formats.md §2: no source confirmed any vault price, so each one is an estimate.
      expect(tier.retrievalPerGb.status).toBe("estimate");
      // The tier windows come from the developer guide.
      expect(tier.window.status).toBe("confirmed");
    }
  });

  it("orders the tiers by price and speed", () => {
    const { Expedited, Standard, Bulk } = DEFAULT_PRICING.tiers;
    expect(Expedited.retrievalPerGb.usd).toBeGreaterThan(Standard.retrievalPerGb.usd);
    expect(Standard.retrievalPerGb.usd).toBeGreaterThan(Bulk.retrievalPerGb.usd);
    expect([Expedited.window.text, Standard.window.text, Bulk.window.text]).toEqual([
      "1–5 minutes (archives under 250 MB)",
      "3–5 hours",
      "5–12 hours",
    ]);
  });
});

describe("estimateJobCost", () => {
  it("adds the request and the data retrieved per GB of 2^30 bytes", () => {
    const estimate = estimateJobCost({
      jobType: "archive-retrieval",
      tier: "Expedited",
      retrievedBytes: 10 * BYTES_PER_GB,
    });
    expect(estimate.lines.map((l) => l.label)).toEqual(["Request", "Data retrieved"]);
    expect(estimate.totalUsd).toBeCloseTo(0.01 + 10 * 0.03, 10);
    expect(estimate.window.text).toBe("1–5 minutes (archives under 250 MB)");
    expect(estimate.unverified).toBe(true);
    expect(estimate.notes.join(" ")).toContain("estimate");
  });

  it("defaults to Standard and says when the size is unknown", () => {
    const estimate = estimateJobCost({ jobType: "archive-retrieval" });
    expect(estimate.tier).toBe("Standard");
    expect(estimate.totalUsd).toBeNull();
    expect(estimate.notes[0]).toContain("$0.01 per GB");
  });

  it("prices select by data scanned and explains the returned part", () => {
    const estimate = estimateJobCost({
      jobType: "select",
      tier: "Bulk",
      scannedBytes: BYTES_PER_GB,
      returnedBytes: BYTES_PER_GB / 2,
    });
    expect(estimate.lines.map((l) => l.label)).toEqual(["Request", "Data scanned", "Data returned"]);
    expect(estimate.totalUsd).toBeCloseTo(0.025 / 1000 + 0.001 + 0.00125, 10);
    const unknownReturn = estimateJobCost({ jobType: "select", tier: "Bulk", scannedBytes: BYTES_PER_GB });
    expect(unknownReturn.totalUsd).toBeCloseTo(0.025 / 1000 + 0.001, 10);
    expect(unknownReturn.notes.join(" ")).toContain("per GB returned");
  });

  it("has no inventory price unless a deployment sets one", () => {
    const estimate = estimateJobCost({ jobType: "inventory-retrieval" });
    expect(estimate.totalUsd).toBeNull();
    expect(estimate.notes[0]).toContain("THAW_PRICING_FILE");
    const table = applyPricingOverride(pricingOverrideSchema.parse({ inventoryPerRequest: 0.05 }));
    expect(estimateJobCost({ jobType: "inventory-retrieval" }, table).totalUsd).toBe(0.05);
  });
});

describe("deployment override", () => {
  it("lays the file's figures over the built-in ones, with their source", () => {
    const table = applyPricingOverride(
      pricingOverrideSchema.parse({
        name: "Contract prices 2027",
        tiers: {
          Bulk: {
            retrievalPerGb: 0,
            perRequest: { usd: 0.00003, source: "AWS invoice 2027-01", date: "2027-01-31" },
            window: "within 12 hours",
          },
        },
      }),
    );
    expect(table.name).toBe("Contract prices 2027");
    expect(table.tiers.Bulk.retrievalPerGb).toEqual({
      usd: 0,
      source: "THAW_PRICING_FILE",
      date: "",
      status: "confirmed",
    });
    expect(table.tiers.Bulk.perRequest).toEqual({
      usd: 0.00003,
      source: "AWS invoice 2027-01",
      date: "2027-01-31",
      status: "confirmed",
    });
    expect(table.tiers.Bulk.window.text).toBe("within 12 hours");
    expect(table.tiers.Standard).toEqual(DEFAULT_PRICING.tiers.Standard);
  });

  it.each([
    [{ tiers: { Fast: {} } }],
    [{ tiers: { Bulk: { retrievalPerGb: -1 } } }],
    [{ tiers: { Bulk: { retrievalPerGB: 1 } } }],
    [{ inventoryPerRequest: "free" }],
    [[]],
  ])("refuses %j", (input) => {
    expect(pricingOverrideSchema.safeParse(input).success).toBe(false);
  });
});

describe("formatUsd", () => {
  it.each([
    [0, "$0"],
    [0.00005, "$0.00005"],
    [0.0123456, "$0.012"],
    [1.5, "$1.50"],
    [1234.567, "$1,234.57"],
  ])("%s → %s", (usd, text) => expect(formatUsd(usd)).toBe(text));
});
