import { describe, expect, it } from "vitest";
import { archiveJobSchema } from "./archive-job";
import { inventoryJobSchema } from "./inventory-job";
import { jobCommonSchema, jobSubmissionSchema, presentMembers, wizardOfJobType } from "./job-common";

const KEY = "0d9a4c3e-5f1b-4a2c-9e7d-1b2c3d4e5f60";

function errors(result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}): Record<string, string> {
  return Object.fromEntries(
    (result.error?.issues ?? []).map((i) => [i.path.map(String).join("."), i.message]),
  );
}

describe("job submission envelope", () => {
  const inventory = jobSubmissionSchema("inventory-retrieval", inventoryJobSchema);
  const archive = jobSubmissionSchema("archive-retrieval", archiveJobSchema);

  it("needs a UUID idempotency key", () => {
    expect(inventory.safeParse({ idempotencyKey: KEY, job: { vault: "v" } }).success).toBe(true);
    expect(
      errors(inventory.safeParse({ idempotencyKey: "1", job: { vault: "v" } })).idempotencyKey,
    ).toContain("submission key");
    expect(errors(inventory.safeParse({ job: { vault: "v" } })).idempotencyKey).toBeDefined();
  });

  it("refuses members of other job types with Glacier's message (fields forbidden per type)", () => {
    const posted = inventory.safeParse({
      idempotencyKey: KEY,
      job: { vault: "v", ArchiveId: "abc", RetrievalByteRange: "0-1048575", SelectParameters: {} },
    });
    const e = errors(posted);
    expect(e["job.ArchiveId"]).toBe("ArchiveId is not valid for inventory-retrieval jobs");
    expect(e["job.RetrievalByteRange"]).toBe("RetrievalByteRange is not valid for inventory-retrieval jobs");
    expect(e["job.SelectParameters"]).toBe("SelectParameters is not valid for inventory-retrieval jobs");
    expect(
      errors(archive.safeParse({ idempotencyKey: KEY, job: { vault: "v", ArchiveId: "a", Format: "CSV" } }))[
        "job.Format"
      ],
    ).toBe("Format is not valid for archive-retrieval jobs");
    expect(
      errors(
        archive.safeParse({
          idempotencyKey: KEY,
          job: { vault: "v", ArchiveId: "a", InventoryRetrievalParameters: {} },
        }),
      ),
    ).toHaveProperty("job.InventoryRetrievalParameters");
  });

  it("refuses unknown members and another job's Type, and accepts its own Type", () => {
    expect(
      errors(archive.safeParse({ idempotencyKey: KEY, job: { vault: "v", ArchiveId: "a", Tire: "Bulk" } }))[
        "job.Tire"
      ],
    ).toBe("Unknown parameter: Tire");
    expect(
      errors(archive.safeParse({ idempotencyKey: KEY, job: { vault: "v", ArchiveId: "a", Type: "select" } })),
    ).toHaveProperty("job.Type");
    expect(
      archive.safeParse({
        idempotencyKey: KEY,
        job: { vault: "v", ArchiveId: "a", Type: "archive-retrieval" },
      }).success,
    ).toBe(true);
  });

  it("reports every problem at once: key, foreign members and the job's own rules", () => {
    const e = errors(
      inventory.safeParse({ idempotencyKey: "x", job: { vault: "", ArchiveId: "abc", Format: "XML" } }),
    );
    expect(Object.keys(e).sort()).toEqual(["idempotencyKey", "job.ArchiveId", "job.Format", "job.vault"]);
  });

  it("reports the job's own rules under job.", () => {
    expect(
      errors(
        archive.safeParse({
          idempotencyKey: KEY,
          job: { vault: "v", ArchiveId: "a", RetrievalByteRange: "1-2" },
        }),
      )["job.RetrievalByteRange"],
    ).toContain("not megabyte aligned");
    expect(errors(archive.safeParse({ idempotencyKey: KEY, job: "not an object" }))).toHaveProperty("job");
  });
});

describe("helpers", () => {
  it("keeps only non-empty members", () => {
    expect(presentMembers({ a: "", b: "x", c: " " })).toEqual({ b: "x", c: " " });
  });
  it("maps job types to wizard routes", () => {
    expect(wizardOfJobType("inventory-retrieval")).toBe("inventory");
    expect(wizardOfJobType("archive-retrieval")).toBe("archive");
    expect(wizardOfJobType("select")).toBe("select");
  });
  it("defaults the tier to Standard and leaves text empty", () => {
    expect(jobCommonSchema.parse({ vault: "v" })).toEqual({
      vault: "v",
      Description: "",
      SNSTopic: "",
      Tier: "Standard",
    });
  });
});
