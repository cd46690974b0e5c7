import { describe, expect, it } from "vitest";
import { outputWindow, requestAgainHref } from "@/components/jobs/job-format";
import { type JobListRow } from "./view-types";
import { parametersFromDescription, parseJobDescription } from "./job-description";
import { rerunLinkOf } from "./rerun-link";
import { jobTimeline, type TimelineInput } from "./timeline";

/**
 * Time left to download and "request again": the output window (open → expiring 6 h before → expired),
 * the timeline's expiry event, and where the `/again` route sends a person (the prefilled wizard built
 * by rerunLinkOf from the job Thaw recorded, which for an imported job is rebuilt from DescribeJob).
 */

const HOUR = 3_600_000;
const COMPLETED = "2026-11-24T12:00:00.000Z";
const EXPIRES = "2026-11-25T12:00:00.000Z";
const at = (iso: string, deltaMs = 0) => Date.parse(iso) + deltaMs;

type WindowRow = Pick<JobListRow, "status" | "type" | "expiresAt" | "gone">;
const archive: WindowRow = {
  status: "Succeeded",
  type: "archive-retrieval",
  expiresAt: EXPIRES,
  gone: false,
};

describe("outputWindow", () => {
  it("is open until 6 h before the expiry, expiring within them, expired from the expiry on", () => {
    expect(outputWindow(archive, at(COMPLETED))).toEqual({ state: "open", msLeft: 24 * HOUR });
    expect(outputWindow(archive, at(EXPIRES, -6 * HOUR - 1))).toEqual({
      state: "open",
      msLeft: 6 * HOUR + 1,
    });
    expect(outputWindow(archive, at(EXPIRES, -6 * HOUR))).toEqual({ state: "expiring", msLeft: 6 * HOUR });
    expect(outputWindow(archive, at(EXPIRES, -1))).toEqual({ state: "expiring", msLeft: 1 });
    expect(outputWindow(archive, at(EXPIRES))).toEqual({ state: "expired" });
    expect(outputWindow(archive, at(EXPIRES, HOUR))).toEqual({ state: "expired" });
  });

  it("is expired as soon as Glacier stops listing the job, even before 24 h", () => {
    expect(outputWindow({ ...archive, gone: true }, at(COMPLETED, HOUR))).toEqual({ state: "expired" });
  });

  it("has no window for unfinished or failed jobs, select outputs (in S3) or an unknown expiry", () => {
    const now = at(COMPLETED, HOUR);
    expect(outputWindow({ ...archive, status: "InProgress" }, now)).toEqual({ state: "none" });
    expect(outputWindow({ ...archive, status: "Failed", gone: true }, now)).toEqual({ state: "none" });
    expect(outputWindow({ ...archive, type: "select" }, now)).toEqual({ state: "none" });
    expect(outputWindow({ ...archive, expiresAt: null }, now)).toEqual({ state: "none" });
  });
});

describe("the timeline's expiry", () => {
  const base: TimelineInput = {
    createdAt: "2026-11-24T08:00:00.000Z",
    glacierCreationDate: null,
    imported: false,
    statusCode: "Succeeded",
    statusMessage: "Succeeded",
    completionDate: COMPLETED,
    downloadedAt: null,
    verified: null,
    verifiedAt: null,
    inventoryImportedAt: null,
    expiresAt: EXPIRES,
    goneAt: null,
  };
  const last = (input: TimelineInput, now: number) => jobTimeline(input, now).at(-1);

  it("announces the expiry ahead, and reports it passed from that instant on", () => {
    expect(last(base, at(EXPIRES, -1))).toEqual({ kind: "expires", at: EXPIRES, detail: null });
    expect(last(base, at(EXPIRES))).toEqual({
      kind: "expired",
      at: EXPIRES,
      detail: "The output is no longer available.",
    });
  });

  it("dates an early disappearance from ListJobs at the moment Thaw saw it gone", () => {
    const goneAt = "2026-11-25T02:00:00.000Z";
    expect(last({ ...base, goneAt }, at(goneAt))).toEqual({
      kind: "expired",
      at: goneAt,
      detail: "Glacier no longer lists the job.",
    });
  });

  it("keeps the 24 h expiry when Glacier dropped the job only later", () => {
    const goneAt = "2026-11-26T09:00:00.000Z";
    const events = jobTimeline({ ...base, goneAt }, at(goneAt));
    expect(events.filter((e) => e.kind === "expired" || e.kind === "expires")).toEqual([
      { kind: "expired", at: EXPIRES, detail: "The output is no longer available." },
    ]);
  });

  it("treats a job seen gone as expired even if the clock says otherwise", () => {
    const goneAt = "2026-11-26T09:00:00.000Z";
    expect(last({ ...base, goneAt }, at(COMPLETED))?.kind).toBe("expired");
  });

  it("has no expiry for a failed job", () => {
    const kinds = jobTimeline({ ...base, statusCode: "Failed", expiresAt: null }, at(EXPIRES)).map(
      (e) => e.kind,
    );
    expect(kinds).toEqual(["initiated", "failed"]);
  });
});

describe("request again", () => {
  const VAULT_ARN = "arn:aws:glacier:us-east-1:123456789012:vaults/photos";
  const described = (overrides: Record<string, unknown>) => {
    const parsed = parseJobDescription({
      JobId: "J".repeat(92),
      Action: "ArchiveRetrieval",
      VaultARN: VAULT_ARN,
      StatusCode: "Succeeded",
      StatusMessage: "Succeeded",
      Completed: true,
      CreationDate: "2026-11-24T08:00:00.000Z",
      CompletionDate: COMPLETED,
      ArchiveId: "archive-1",
      ArchiveSizeInBytes: 3 * 1024 * 1024,
      RetrievalByteRange: `0-${3 * 1024 * 1024 - 1}`,
      Tier: "Bulk",
      JobDescription: "nightly restore",
      SNSTopic: null,
      ...overrides,
    });
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.value;
  };
  /** What the `/again` route redirects to for a job imported from ListJobs. */
  const againTarget = (d: ReturnType<typeof described>) =>
    rerunLinkOf(
      {
        job_type: d.jobType,
        vault_name: d.vaultName,
        parameters: JSON.stringify(parametersFromDescription(d)),
      },
      "Demo",
    );

  it("derives the 24 h expiry from CompletionDate for a succeeded output", () => {
    expect(described({}).expiresAt).toBe(EXPIRES);
    expect(described({ StatusCode: "Failed" }).expiresAt).toBeNull();
  });

  it("sends an expired whole-archive job to the archive wizard with its members, the range left empty", () => {
    const link = againTarget(described({}));
    const url = new URL(link ?? "", "http://thaw.local");
    expect(url.pathname).toBe("/jobs/new/archive");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      connection: "Demo",
      vault: "photos",
      ArchiveId: "archive-1",
      Tier: "Bulk",
      Description: "nightly restore",
    });
  });

  it("keeps a partial range, which must be retrieved again as it was", () => {
    const url = new URL(
      againTarget(described({ RetrievalByteRange: "1048576-2097151" })) ?? "",
      "http://thaw.local",
    );
    expect(url.searchParams.get("RetrievalByteRange")).toBe("1048576-2097151");
  });

  it("sends an inventory job to the inventory wizard with its format and window", () => {
    const d = described({
      Action: "InventoryRetrieval",
      ArchiveId: null,
      ArchiveSizeInBytes: null,
      RetrievalByteRange: null,
      InventorySizeInBytes: 4096,
      InventoryRetrievalParameters: {
        Format: "CSV",
        StartDate: "2026-01-01T00:00:00Z",
        EndDate: null,
        Limit: "500",
        Marker: "next",
      },
    });
    const url = new URL(againTarget(d) ?? "", "http://thaw.local");
    expect(url.pathname).toBe("/jobs/new/inventory");
    expect(url.searchParams.get("Format")).toBe("CSV");
    expect(url.toString()).not.toContain("next");
  });

  it("is a route under /api/jobs with the id encoded", () => {
    expect(requestAgainHref("a/b c")).toBe("/api/jobs/a%2Fb%20c/again");
  });
});
