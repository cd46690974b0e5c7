import { describe, expect, it } from "vitest";
import { type JobDescription } from "@/lib/aws/job-requests";
import { rerunValues } from "./rerun";

const described: JobDescription = {
  jobId: "j",
  action: "ArchiveRetrieval",
  vaultArn: null,
  archiveId: "abc",
  description: "again",
  tier: "Bulk",
  statusCode: "Succeeded",
  statusMessage: null,
  completed: true,
  creationDate: null,
  completionDate: null,
  archiveSizeInBytes: 3_000_000,
  inventorySizeInBytes: null,
  retrievalByteRange: "0-2999999",
  sha256TreeHash: null,
  snsTopic: null,
  inventoryMarker: null,
  jobOutputPath: null,
};

describe("rerunValues", () => {
  it("repeats the recorded parameters exactly", () => {
    const again = rerunValues(
      {
        jobType: "inventory-retrieval",
        parameters: {
          Type: "inventory-retrieval",
          Format: "CSV",
          InventoryRetrievalParameters: { Limit: "5" },
        },
      },
      undefined,
      "docs",
    );
    expect(again).toEqual({
      type: "inventory-retrieval",
      values: { vault: "docs", Format: "CSV", InventoryRetrievalParameters: { Limit: "5" } },
    });
  });

  it("falls back to DescribeJob, leaving a whole-archive range empty", () => {
    expect(rerunValues(undefined, described, "photos")?.values).toMatchObject({
      vault: "photos",
      ArchiveId: "abc",
      RetrievalByteRange: "",
      Tier: "Bulk",
      Description: "again",
    });
    expect(
      rerunValues(undefined, { ...described, retrievalByteRange: "0-1048575" }, "photos")?.values
        .RetrievalByteRange,
    ).toBe("0-1048575");
    expect(rerunValues(undefined, { ...described, action: "Unknown" }, "photos")).toBeNull();
  });
});
