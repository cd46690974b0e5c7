import { describe, expect, it } from "vitest";
import { parametersFromDescription, parseJobDescription, vaultNameFromArn } from "./job-description";
import { jobTimeline } from "./timeline";

const base = {
  JobId: "job-1",
  Action: "ArchiveRetrieval",
  VaultARN: "arn:aws:glacier:us-east-1:123456789012:vaults/photos",
  StatusCode: "Succeeded",
  StatusMessage: "Succeeded",
  Completed: true,
  CreationDate: "2026-01-01T00:00:00.000Z",
  CompletionDate: "2026-01-01T04:00:00.000Z",
  ArchiveId: "arch",
  ArchiveSizeInBytes: 5 * 1048576,
  InventorySizeInBytes: null,
  JobDescription: null,
  SNSTopic: null,
  Tier: "Bulk",
  SHA256TreeHash: "ab",
  RetrievalByteRange: "1048576-3145727",
};

describe("job descriptions", () => {
  it("reads the vault, sizes and expiry, with explicit nulls treated as absent", () => {
    const parsed = parseJobDescription({ ...base, $metadata: { httpStatusCode: 200 } });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.raw).not.toHaveProperty("$metadata");
    expect(parsed.value).toMatchObject({
      vaultName: "photos",
      jobType: "archive-retrieval",
      sizeBytes: 5 * 1048576,
      outputSizeBytes: 2 * 1048576,
      expiresAt: "2026-01-02T04:00:00.000Z",
      description: null,
    });
  });

  it("refuses what is not a job description, with the reason", () => {
    expect(parseJobDescription({ ...base, Action: "Delete" })).toEqual({
      ok: false,
      message: 'Unknown job Action "Delete"',
    });
    expect(parseJobDescription({ ...base, VaultARN: "nope" })).toMatchObject({ ok: false });
    expect(parseJobDescription("text")).toMatchObject({ ok: false });
    expect(vaultNameFromArn("arn:aws:glacier:eu-west-1:1:vaults/a.b-c_d")).toBe("a.b-c_d");
  });

  it("rebuilds the parameters of a job started elsewhere; a whole-archive range and the next marker stay out", () => {
    const ranged = parseJobDescription(base);
    const whole = parseJobDescription({ ...base, RetrievalByteRange: `0-${5 * 1048576 - 1}` });
    const inventory = parseJobDescription({
      ...base,
      Action: "InventoryRetrieval",
      ArchiveId: null,
      InventoryRetrievalParameters: {
        Format: "CSV",
        StartDate: "2020-01-01T00:00:00Z",
        EndDate: null,
        Limit: "10",
        Marker: "next",
      },
    });
    if (!ranged.ok || !whole.ok || !inventory.ok) throw new Error("parse failed");
    expect(parametersFromDescription(ranged.value)).toEqual({
      Type: "archive-retrieval",
      ArchiveId: "arch",
      Tier: "Bulk",
      RetrievalByteRange: "1048576-3145727",
    });
    expect(parametersFromDescription(whole.value)).toEqual({
      Type: "archive-retrieval",
      ArchiveId: "arch",
      Tier: "Bulk",
    });
    expect(parametersFromDescription(inventory.value)).toEqual({
      Type: "inventory-retrieval",
      Format: "CSV",
      InventoryRetrievalParameters: { StartDate: "2020-01-01T00:00:00Z", Limit: "10" },
    });
  });
});

describe("job timeline", () => {
  const input = {
    createdAt: "2026-01-01T00:00:00.000Z",
    glacierCreationDate: null,
    imported: false,
    statusCode: "Succeeded",
    statusMessage: null,
    completionDate: "2026-01-01T04:00:00.000Z",
    downloadedAt: "2026-01-01T05:00:00.000Z",
    verified: "verified" as const,
    verifiedAt: "2026-01-01T05:00:01.000Z",
    inventoryImportedAt: null,
    expiresAt: "2026-01-02T04:00:00.000Z",
    goneAt: null,
  };

  it("orders initiated, completed, downloaded, verified and the expiry", () => {
    const before = jobTimeline(input, Date.parse("2026-01-01T06:00:00Z")).map((e) => e.kind);
    expect(before).toEqual(["initiated", "completed", "downloaded", "verified", "expires"]);
    const after = jobTimeline(input, Date.parse("2026-01-03T00:00:00Z")).map((e) => e.kind);
    expect(after.at(-1)).toBe("expired");
  });

  it("shows a failure instead of a completion", () => {
    const kinds = jobTimeline(
      { ...input, statusCode: "Failed", downloadedAt: null, verified: null, expiresAt: null },
      0,
    ).map((e) => e.kind);
    expect(kinds).toEqual(["initiated", "failed"]);
  });
});
