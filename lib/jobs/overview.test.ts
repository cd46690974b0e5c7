import { describe, expect, it } from "vitest";
import { summarise } from "./overview";
import { type JobListRow } from "./view-types";

const NOW = Date.parse("2026-11-25T12:00:00Z");

function job(overrides: Partial<JobListRow> & { connection?: string }): JobListRow & { connection: string } {
  return {
    connection: "prod",
    key: Math.random().toString(36),
    jobId: "J",
    type: "archive-retrieval",
    vault: "photos",
    archive: null,
    archiveId: "a",
    description: null,
    tier: "Standard",
    status: "Succeeded",
    statusMessage: null,
    created: "2026-11-20T00:00:00.000Z",
    recordedAt: "2026-11-20T00:00:00.000Z",
    completed: "2026-11-20T04:00:00.000Z",
    size: 1000,
    expiresAt: "2026-11-21T04:00:00.000Z",
    gone: false,
    downloaded: false,
    verified: null,
    cost: { jobType: "archive-retrieval", usd: 0.5, bytes: 1000, basis: "catalog" },
    costUsd: 0.5,
    imported: false,
    ...overrides,
  };
}

describe("overview figures", () => {
  it("counts by status, finds jobs due within the hour and outputs expiring within 6 hours", () => {
    const data = summarise(
      [
        job({
          key: "soon",
          status: "InProgress",
          tier: "Expedited",
          created: "2026-11-25T11:58:00.000Z",
          completed: null,
        }),
        job({
          key: "later",
          status: "InProgress",
          tier: "Bulk",
          created: "2026-11-25T11:00:00.000Z",
          completed: null,
        }),
        job({ key: "expiring", expiresAt: "2026-11-25T15:00:00.000Z" }),
        job({ key: "fetched", expiresAt: "2026-11-25T15:00:00.000Z", downloaded: true }),
        job({ key: "failed", status: "Failed", costUsd: 9 }),
      ],
      NOW,
    );
    expect(data.byStatus).toMatchObject({ InProgress: 2, Succeeded: 2, Failed: 1 });
    expect(data.finishingSoon.map((j) => j.key)).toEqual(["soon"]);
    expect(data.expiringSoon.map((j) => j.key)).toEqual(["expiring"]);
  });

  it("expects a job when its connection's own jobs of that kind finished, else at AWS's typical upper end", () => {
    const standard = job({
      key: "standard",
      status: "InProgress",
      tier: "Standard",
      created: "2026-11-25T11:50:00.000Z",
      completed: null,
    });
    // AWS's 3–5 hours: due at 16:50, not within the hour.
    expect(summarise([standard], NOW).finishingSoon).toEqual([]);
    // This connection's Standard archive retrievals took 2 to 3 minutes: due at 11:53.
    const observed = new Map([
      [
        "prod",
        [
          {
            jobType: "archive-retrieval" as const,
            tier: "Standard" as const,
            count: 4,
            medianMs: 150_000,
            minMs: 120_000,
            maxMs: 180_000,
          },
        ],
      ],
    ]);
    const data = summarise([standard, { ...standard, key: "elsewhere", connection: "dr" }], NOW, observed);
    expect(data.finishingSoon.map((j) => [j.key, j.dueAt])).toEqual([
      ["standard", "2026-11-25T11:53:00.000Z"],
    ]);
  });

  it("adds this month's bytes and estimated spend per connection and vault, not last month's or failed jobs", () => {
    const data = summarise(
      [
        job({ vault: "photos", size: 100, costUsd: 1 }),
        job({ vault: "photos", size: 50, costUsd: null }),
        job({ vault: "docs", connection: "dr", size: 7, costUsd: 2 }),
        job({ vault: "photos", created: "2026-10-31T23:59:59.000Z", costUsd: 5 }),
        job({ vault: "photos", status: "Failed", costUsd: 5 }),
      ],
      NOW,
    );
    expect(data.month).toBe("2026-11");
    expect(data.spend).toEqual([
      { connection: "dr", vault: "docs", jobs: 1, bytes: 7, usd: 2, unpriced: 0 },
      { connection: "prod", vault: "photos", jobs: 2, bytes: 150, usd: 1, unpriced: 1 },
    ]);
    expect(data.totals).toEqual({ jobs: 3, bytes: 157, usd: 3, unpriced: 1 });
  });
});
