import { describe, expect, it } from "vitest";
import type { JobListRow } from "@/lib/jobs";
import { filterRows, searchText } from "./job-filters";
import { outputWindow } from "./job-format";

const NOW = Date.parse("2026-11-25T12:00:00Z");

function row(overrides: Partial<JobListRow>): JobListRow {
  return {
    key: overrides.key ?? "k",
    jobId: "JOB",
    type: "archive-retrieval",
    vault: "photos",
    archive: "été/photo.jpg",
    archiveId: "arch",
    description: null,
    tier: "Standard",
    status: "Succeeded",
    statusMessage: null,
    created: "2026-11-25T00:00:00Z",
    recordedAt: "2026-11-25T00:00:00Z",
    completed: "2026-11-25T04:00:00Z",
    size: 10,
    expiresAt: "2026-11-26T04:00:00Z",
    gone: false,
    downloaded: false,
    verified: null,
    cost: { jobType: "archive-retrieval", usd: 0.01, bytes: 10, basis: "catalog" },
    costUsd: 0.01,
    imported: false,
    ...overrides,
  };
}

describe("jobs page filters", () => {
  const rows = [
    row({ key: "a" }),
    row({ key: "b", vault: "docs", status: "InProgress", completed: null, expiresAt: null }),
    row({ key: "c", expiresAt: "2026-11-25T14:00:00Z" }),
    row({ key: "d", gone: true }),
    row({ key: "e", type: "select", expiresAt: null }),
  ];
  const texts = new Map(rows.map((r) => [r.key, searchText(r)]));
  const keys = (q: Parameters<typeof filterRows>[2]) => filterRows(rows, texts, q, NOW).map((r) => r.key);
  const all = { q: "", status: "all", type: "all", vault: "" } as const;

  it("searches every word, case-insensitively, in names with accents intact", () => {
    expect(keys({ ...all, q: "ÉTÉ PHOTOS" })).toEqual(["a", "c", "d", "e"]);
    expect(keys({ ...all, q: "docs in progress" })).toEqual(["b"]);
  });

  it("filters by output window: expiring soon, expired, still to download", () => {
    expect(keys({ ...all, status: "expiring" })).toEqual(["c"]);
    expect(keys({ ...all, status: "expired" })).toEqual(["d"]);
    expect(keys({ ...all, status: "to-download" })).toEqual(["a", "c"]);
    expect(keys({ ...all, type: "select" })).toEqual(["e"]);
    expect(outputWindow(rows[2] ?? row({}), NOW)).toEqual({ state: "expiring", msLeft: 2 * 3_600_000 });
  });
});
