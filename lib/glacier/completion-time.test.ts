import { describe, expect, it } from "vitest";
import {
  type CompletionSample,
  OBSERVED_JOBS_PER_KIND,
  TYPICAL_COMPLETION_MS,
  dueAfterMs,
  expectedCompletion,
  formatApproxDuration,
  summariseCompletionTimes,
  withExpectedCompletion,
} from "./completion-time";
import { DEFAULT_PRICING, estimateJobCost } from "./pricing";

const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1) + minutes * 60_000).toISOString();
const sample = (
  minutes: number,
  tier: string | null = "Standard",
  jobType: CompletionSample["jobType"] = "archive-retrieval",
) => ({
  jobType,
  tier,
  createdAt: at(0),
  completedAt: at(minutes),
});

describe("completion time", () => {
  it("summarises each job type and tier apart, over the newest jobs only", () => {
    const newest = Array.from({ length: OBSERVED_JOBS_PER_KIND }, () => sample(2));
    const older = Array.from({ length: 10 }, () => sample(300));
    const summary = summariseCompletionTimes([
      ...newest,
      ...older,
      sample(1, "Bulk"),
      sample(240, null, "inventory-retrieval"),
    ]);
    expect(summary).toEqual([
      {
        jobType: "archive-retrieval",
        tier: "Standard",
        count: OBSERVED_JOBS_PER_KIND,
        medianMs: 120_000,
        minMs: 120_000,
        maxMs: 120_000,
      },
      {
        jobType: "archive-retrieval",
        tier: "Bulk",
        count: 1,
        medianMs: 60_000,
        minMs: 60_000,
        maxMs: 60_000,
      },
      // An inventory job names no tier: it counts as Standard, Glacier's default.
      {
        jobType: "inventory-retrieval",
        tier: "Standard",
        count: 1,
        medianMs: 14_400_000,
        minMs: 14_400_000,
        maxMs: 14_400_000,
      },
    ]);
    expect(summariseCompletionTimes([{ ...sample(1), completedAt: "not a date" }, sample(-5)])).toEqual([]);
  });

  it("takes the median, so one slow job does not move the expectation", () => {
    const [summary] = summariseCompletionTimes([sample(1), sample(2), sample(600)]);
    expect(summary?.medianMs).toBe(120_000);
    const [even] = summariseCompletionTimes([sample(1), sample(3)]);
    expect(even?.medianMs).toBe(120_000);
  });

  it("phrases durations roughly, as a person would", () => {
    expect(formatApproxDuration(20_000)).toBe("under a minute");
    expect(formatApproxDuration(70_000)).toBe("about a minute");
    expect(formatApproxDuration(12 * 60_000)).toBe("about 12 minutes");
    expect(formatApproxDuration(70 * 60_000)).toBe("about an hour");
    expect(formatApproxDuration(4 * 3_600_000)).toBe("about 4 hours");
    expect(formatApproxDuration(3 * 86_400_000)).toBe("about 3 days");
  });

  it("uses the connection's history when it has some, with AWS's typical range beside it", () => {
    const typical = DEFAULT_PRICING.tiers.Standard.window;
    const observed = summariseCompletionTimes([sample(1), sample(2), sample(3)]);
    expect(expectedCompletion(typical, observed, "archive-retrieval", "Standard")).toEqual({
      text: "about 2 minutes",
      source:
        "this connection's last 3 Standard archive retrievals: from a minute to 3 minutes; AWS's typical range: 3–5 hours",
      date: "",
      status: "confirmed",
    });
    // Another tier or job type has no history: AWS's typical range, unchanged.
    expect(expectedCompletion(typical, observed, "archive-retrieval", "Bulk")).toBe(typical);
    expect(expectedCompletion(typical, observed, "select", "Standard")).toBe(typical);
    expect(expectedCompletion(typical, [], "archive-retrieval", "Standard")).toBe(typical);
  });

  it("puts the expectation into an estimate without touching its prices", () => {
    const estimate = estimateJobCost({
      jobType: "archive-retrieval",
      tier: "Standard",
      retrievedBytes: 1024,
    });
    const observed = summariseCompletionTimes([sample(1)]);
    const shown = withExpectedCompletion(estimate, observed, "archive-retrieval", "Standard");
    expect(shown.window.text).toBe("about a minute");
    expect(shown.window.source).toContain("last Standard archive retrieval: it took a minute");
    expect(shown.lines).toBe(estimate.lines);
    expect(withExpectedCompletion(estimate, [], "archive-retrieval", "Standard")).toBe(estimate);
  });

  it("gives when a job is due: the slowest observed job of its kind, else AWS's typical upper end", () => {
    const observed = summariseCompletionTimes([sample(1), sample(3), sample(2)]);
    expect(dueAfterMs(observed, "archive-retrieval", "Standard")).toBe(180_000);
    expect(dueAfterMs(observed, "archive-retrieval", "Bulk")).toBe(TYPICAL_COMPLETION_MS.Bulk.max);
    expect(dueAfterMs([], "select", "Expedited")).toBe(5 * 60_000);
  });
});
