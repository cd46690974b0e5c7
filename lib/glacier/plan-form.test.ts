import { describe, expect, it } from "vitest";
import {
  archiveCostUsd,
  BYTES_PER_GIB,
  estimatePlan,
  dailyBudgetProblem,
  formatHours,
  MAX_CAP_USD,
  MAX_PLAN_IDS,
  maxInFlightProblem,
  type PlanFormInput,
  planFormSchema,
  planLimitsOf,
  planLimitWarnings,
  spendingCapProblem,
} from "./plan-form";
import { applyPricingOverride, BYTES_PER_GB, DEFAULT_PRICING, pricingOverrideSchema } from "./pricing";

const valid: PlanFormInput = {
  planKey: "0b6f2a3e-7c1d-4e5f-8a9b-0c1d2e3f4a5b",
  name: "Move photos",
  inventoryId: "inv-1",
  selection: { kind: "all" },
  tier: "Bulk",
  capUsd: 5,
  maxInFlight: 10,
  dailyByteBudgetGiB: null,
  orderBy: "smallest",
  prefix: "",
  destination: { kind: "s3", bucket: "thaw-migration", prefix: "photos/", storageClass: "DEEP_ARCHIVE" },
};

/** The field paths the schema refuses `patch` with. */
function errorsOf(patch: Partial<Record<keyof PlanFormInput, unknown>>): string[] {
  const parsed = planFormSchema.safeParse({ ...valid, ...patch });
  return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join("."));
}

describe("planFormSchema", () => {
  it("accepts a complete form and normalises empty text to null", () => {
    const parsed = planFormSchema.parse(valid);
    expect(parsed.prefix).toBeNull();
    expect(parsed.dailyByteBudgetGiB).toBeNull();
    expect(parsed.destination).toEqual(valid.destination);
  });

  it.each([
    ["zero", 0],
    ["negative", -1],
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["a string", "5"],
  ])("refuses a cap that is %s", (_, capUsd) => {
    expect(errorsOf({ capUsd })).toEqual(["capUsd"]);
  });

  it("asks the one spending-cap and jobs-in-flight rules, with their sentences", () => {
    expect([0, -1, Number.NaN, MAX_CAP_USD + 1].map(spendingCapProblem)).toEqual([
      "The spending cap must be more than $0",
      "The spending cap must be more than $0",
      "The spending cap must be more than $0",
      "The spending cap must be at most $1,000,000",
    ]);
    expect([0.01, MAX_CAP_USD].map(spendingCapProblem)).toEqual([null, null]);
    const issue = planFormSchema.safeParse({ ...valid, capUsd: 0 }).error?.issues[0];
    expect(issue?.message).toBe(spendingCapProblem(0));
    expect([1, 5_000, 0, 2.5, 5_001].map(maxInFlightProblem)).toEqual([
      null,
      null,
      "Jobs in flight must be a whole number from 1 to 5,000",
      "Jobs in flight must be a whole number from 1 to 5,000",
      "Jobs in flight must be a whole number from 1 to 5,000",
    ]);
  });

  it("asks the one daily-budget rule, in the unit of the caller", () => {
    expect([null, 0.5, 1].map((gib) => dailyBudgetProblem(gib, "GiB"))).toEqual([null, null, null]);
    expect([0, -1, Number.NaN, Infinity].map((bytes) => dailyBudgetProblem(bytes, "bytes"))).toEqual(
      Array(4).fill("The daily budget must be more than 0 bytes, or empty for none"),
    );
    const issue = planFormSchema.safeParse({ ...valid, dailyByteBudgetGiB: 0 }).error?.issues[0];
    expect(issue?.message).toBe(dailyBudgetProblem(0, "GiB"));
  });

  it.each([0, 5_001, 2.5, -3, Number.NaN])("refuses maxInFlight %s", (maxInFlight) => {
    expect(errorsOf({ maxInFlight })).toEqual(["maxInFlight"]);
  });

  it("accepts maxInFlight at both bounds", () => {
    expect(errorsOf({ maxInFlight: 1 })).toEqual([]);
    expect(errorsOf({ maxInFlight: 100 })).toEqual([]);
  });

  it("takes an optional daily budget but refuses zero, negative and NaN", () => {
    expect(errorsOf({ dailyByteBudgetGiB: undefined })).toEqual([]);
    expect(planFormSchema.parse({ ...valid, dailyByteBudgetGiB: 1.5 }).dailyByteBudgetGiB).toBe(1.5);
    for (const bad of [0, -2, Number.NaN])
      expect(errorsOf({ dailyByteBudgetGiB: bad })).toEqual(["dailyByteBudgetGiB"]);
  });

  it("refuses an empty selection, an empty filter and more than 10 000 ids", () => {
    expect(errorsOf({ selection: { kind: "ids", archiveIds: [] } })).toEqual(["selection.archiveIds"]);
    expect(errorsOf({ selection: { kind: "filter", q: "   " } })).toEqual(["selection.q"]);
    const ids = Array.from({ length: MAX_PLAN_IDS + 1 }, (_, i) => `a${i}`);
    expect(errorsOf({ selection: { kind: "ids", archiveIds: ids } })).toEqual(["selection.archiveIds"]);
    expect(errorsOf({ selection: { kind: "ids", archiveIds: ids.slice(1) } })).toEqual([]);
    expect(errorsOf({ selection: { kind: "everything" } })).toEqual(["selection.kind"]);
  });

  it("counts an archive checked twice once", () => {
    const parsed = planFormSchema.parse({
      ...valid,
      selection: { kind: "ids", archiveIds: ["a", "b", "a"] },
    });
    expect(parsed.selection).toEqual({ kind: "ids", archiveIds: ["a", "b"] });
  });

  it.each([
    "",
    "ab",
    "Upper",
    "has_underscore",
    "-leading",
    "a..b",
    "192.168.0.1",
    "xn--bucket",
    "b".repeat(64),
  ])("refuses the bucket name %j", (bucket) => {
    expect(errorsOf({ destination: { ...valid.destination, bucket } })).toEqual(["destination.bucket"]);
  });

  it("refuses unknown storage classes and bad prefixes, accepts every listed class", () => {
    const s3 = valid.destination;
    expect(errorsOf({ destination: { ...s3, storageClass: "REDUCED_REDUNDANCY" } })).toEqual([
      "destination.storageClass",
    ]);
    for (const storageClass of [
      "STANDARD",
      "STANDARD_IA",
      "INTELLIGENT_TIERING",
      "GLACIER_IR",
      "GLACIER",
      "DEEP_ARCHIVE",
    ])
      expect(errorsOf({ destination: { ...s3, storageClass } })).toEqual([]);
    for (const prefix of ["/abs/", "a/../b/", "x".repeat(600)])
      expect(errorsOf({ destination: { ...s3, prefix } })).toEqual(["destination.prefix"]);
  });

  it("requires an absolute directory without .. segments", () => {
    const dir = (path: string) => errorsOf({ destination: { kind: "directory", path } });
    expect(dir("/srv/exports/photos")).toEqual([]);
    expect(dir("exports/photos")).toEqual(["destination.path"]);
    expect(dir("./exports")).toEqual(["destination.path"]);
    expect(dir("")).toEqual(["destination.path"]);
    expect(dir("/srv/exports/../etc")).toEqual(["destination.path"]);
  });

  it("needs a prefix for the prefix order, a name, a tier and a key", () => {
    expect(errorsOf({ orderBy: "prefix", prefix: "" })).toEqual(["prefix"]);
    expect(planFormSchema.parse({ ...valid, orderBy: "prefix", prefix: " Photos/2019 " }).prefix).toBe(
      "Photos/2019",
    );
    expect(errorsOf({ name: "  " })).toEqual(["name"]);
    expect(errorsOf({ tier: "Fast" })).toEqual(["tier"]);
    expect(errorsOf({ planKey: "not-a-uuid" })).toEqual(["planKey"]);
    expect(errorsOf({ orderBy: "largest" })).toEqual(["orderBy"]);
  });

  it("converts the daily budget to bytes for the limits", () => {
    const form = planFormSchema.parse({ ...valid, dailyByteBudgetGiB: 2 });
    expect(planLimitsOf(form)).toEqual({
      tier: "Bulk",
      capUsd: 5,
      maxInFlight: 10,
      dailyByteBudget: 2 * BYTES_PER_GIB,
    });
  });
});

describe("estimates", () => {
  it("prices one archive as its request plus its bytes", () => {
    const standard = DEFAULT_PRICING.tiers.Standard;
    expect(archiveCostUsd(BYTES_PER_GB, "Standard")).toBeCloseTo(
      standard.perRequest.usd + standard.retrievalPerGb.usd,
      12,
    );
    expect(archiveCostUsd(0, "Bulk")).toBe(DEFAULT_PRICING.tiers.Bulk.perRequest.usd);
  });

  it("gives all three tiers with cost and duration, cheaper tiers slower", () => {
    const totals = { archives: 200, bytes: 200 * 32 * 1024, largest: 64 * 1024 };
    const estimates = estimatePlan(totals, { capUsd: 1, maxInFlight: 50, dailyByteBudget: null });
    expect(estimates.map((e) => e.tier)).toEqual(["Expedited", "Standard", "Bulk"]);
    const sum = (tier: "Expedited" | "Standard" | "Bulk") =>
      Array.from({ length: 200 }, () => archiveCostUsd(32 * 1024, tier)).reduce((a, b) => a + b, 0);
    for (const e of estimates) {
      expect(e.costUsd).toBeCloseTo(sum(e.tier), 10);
      expect(e.waves).toBe(4);
    }
    const [expedited, standard, bulk] = estimates;
    expect(standard?.hours).toEqual({ min: 12, max: 20 });
    expect(bulk?.hours).toEqual({ min: 20, max: 48 });
    expect(bulk?.days).toBe(2);
    expect(expedited?.hours.max).toBeCloseTo(20 / 60, 10);
    expect((bulk?.costUsd ?? 0) < (standard?.costUsd ?? 0)).toBe(true);
  });

  it("spreads a daily byte budget over days", () => {
    const totals = { archives: 10, bytes: 10 * BYTES_PER_GIB, largest: BYTES_PER_GIB };
    const [, standard] = estimatePlan(totals, {
      capUsd: 1,
      maxInFlight: 100,
      dailyByteBudget: 3 * BYTES_PER_GIB,
    });
    // ceil(10 / 3) = 4 days of initiations: the last starts 72 h in.
    expect(standard?.hours).toEqual({ min: 75, max: 77 });
    expect(standard?.days).toBe(4);
  });

  it("is zero for an empty selection and follows a pricing override", () => {
    for (const e of estimatePlan(
      { archives: 0, bytes: 0, largest: 0 },
      { capUsd: 1, maxInFlight: 1, dailyByteBudget: null },
    ))
      expect(e).toMatchObject({ costUsd: 0, waves: 0, days: 0, hours: { min: 0, max: 0 } });
    const table = applyPricingOverride(
      pricingOverrideSchema.parse({ tiers: { Bulk: { perRequest: 1, retrievalPerGb: 0 } } }),
    );
    const bulk = estimatePlan(
      { archives: 3, bytes: 5, largest: 2 },
      { capUsd: 1, maxInFlight: 1, dailyByteBudget: null },
      table,
    )[2];
    expect(bulk?.costUsd).toBe(3);
  });

  it("warns when the cap stops the plan or the budget is below the largest archive", () => {
    const totals = { archives: 200, bytes: 200 * BYTES_PER_GIB, largest: 2 * BYTES_PER_GIB };
    const warnings = planLimitWarnings(totals, {
      tier: "Standard",
      capUsd: 0.5,
      maxInFlight: 10,
      dailyByteBudget: BYTES_PER_GIB,
    });
    expect(warnings).toHaveLength(2);
    expect(
      planLimitWarnings(totals, { tier: "Bulk", capUsd: 100, maxInFlight: 10, dailyByteBudget: null }),
    ).toEqual([]);
  });

  it("formats durations in minutes, hours or days", () => {
    expect(formatHours({ min: 1 / 60, max: 5 / 60 })).toBe("1–5 min");
    expect(formatHours({ min: 3, max: 5 })).toBe("3–5 h");
    expect(formatHours({ min: 75, max: 77 })).toBe("3.1–3.2 days");
    expect(formatHours({ min: 48, max: 49 })).toBe("≈ 2 days");
  });
});
