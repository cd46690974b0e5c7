import { describe, expect, it } from "vitest";
import { DEFAULT_THROUGHPUT, planDuration } from "./plan-duration";

const GIB = 1024 ** 3;
const standard = { min: 3, max: 5 };
const work = { archives: 1_000, bytes: 1_000 * 1024 * 1024, budgetDays: 1, maxInFlight: 100 };

describe("planDuration: how long a plan takes at its settings", () => {
  it("waves of jobs in flight, each a tier window, when nothing else is slower", () => {
    expect(planDuration(work, standard, DEFAULT_THROUGHPUT)).toEqual({
      hours: { min: 30, max: 50 },
      limitedBy: "jobs in flight",
    });
  });

  it("thousands in flight of a fast tier: the initiation rate bounds it (10 million at 10/s ≈ 11.6 days)", () => {
    const expedited = { min: 1 / 60, max: 5 / 60 };
    const big = { ...work, archives: 10_000_000, bytes: 10_000_000 * 1024, maxInFlight: 5_000 };
    const { hours, limitedBy } = planDuration(big, expedited, DEFAULT_THROUGHPUT);
    expect(limitedBy).toBe("initiation rate");
    expect(hours.max).toBeCloseTo(10_000_000 / 10 / 3600 + 5 / 60, 6);
    // Ten times the rate: back to the jobs in flight (2 000 waves of 5 000, 5 minutes each).
    const faster = planDuration(big, expedited, { ...DEFAULT_THROUGHPUT, initiationsPerSecond: 100 });
    expect(faster.limitedBy).toBe("jobs in flight");
    expect(faster.hours.max).toBeCloseTo((2_000 * 5) / 60, 6);
  });

  it("large archives: the copies bound it, and more copies at once shorten it", () => {
    const heavy = { ...work, archives: 100, bytes: 100 * 100 * GIB };
    const four = planDuration(heavy, standard, DEFAULT_THROUGHPUT);
    expect(four.limitedBy).toBe("copies");
    // 10 000 GiB at 4 × 25 MiB/s, after the first window.
    expect(four.hours.max).toBeCloseTo(5 + (10_000 * 1024) / 100 / 3600, 6);
    const eight = planDuration(heavy, standard, { ...DEFAULT_THROUGHPUT, copiesAtOnce: 8 });
    expect(eight.hours.max).toBeLessThan(four.hours.max);
  });

  it("one wave sent in seconds is bounded by the jobs in flight, not by the seconds", () => {
    const oneWave = { ...work, archives: 200, maxInFlight: 5_000 };
    expect(planDuration(oneWave, standard, DEFAULT_THROUGHPUT).limitedBy).toBe("jobs in flight");
  });

  it("a daily budget starts the last initiations days later; nothing to do takes no time", () => {
    expect(planDuration({ ...work, budgetDays: 4 }, standard, DEFAULT_THROUGHPUT)).toEqual({
      hours: { min: 75, max: 77 },
      limitedBy: "daily budget",
    });
    expect(planDuration({ ...work, archives: 0 }, standard, DEFAULT_THROUGHPUT).hours).toEqual({
      min: 0,
      max: 0,
    });
  });
});
