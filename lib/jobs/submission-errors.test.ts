import { describe, expect, it } from "vitest";
import { type AwsFailure } from "@/lib/glacier/failure";
import { explainFailure, explainUnsettled, fieldNamedIn } from "./submission-errors";

function failure(code: string, awsMessage?: string, httpStatus = 400): AwsFailure {
  return {
    code,
    message: `sentence for ${code}`,
    awsMessage,
    requestId: "req-1",
    httpStatus,
    retryable: false,
  };
}

const archive = {
  Type: "archive-retrieval" as const,
  ArchiveId: "abc",
  Tier: "Expedited",
  RetrievalByteRange: "0-1048575",
};
const inventory = {
  Type: "inventory-retrieval" as const,
  InventoryRetrievalParameters: { Limit: "5", StartDate: "2024-01-01T00:00:00Z" },
};
const facts = { vaultName: "photos" };

describe("explainFailure", () => {
  it("InsufficientCapacity → at the tier, offering Standard or provisioned capacity", () => {
    const e = explainFailure(failure("InsufficientCapacityException"), archive, facts);
    expect(e.fieldErrors.Tier).toMatch(/Choose Standard.*provisioned capacity/);
    expect(e.message).toContain("request id req-1");
  });

  it("PolicyEnforced → shows the policy and what it allows", () => {
    const e = explainFailure(failure("PolicyEnforcedException"), archive, {
      ...facts,
      policy: { strategy: "BytesPerHour", bytesPerHour: 10 * 1024 ** 3 },
    });
    expect(e.message).toContain("Max Retrieval Rate");
    expect(e.message).toContain("10.0 GiB per hour");
    expect(e.message).toContain("Standard retrievals only");
    expect(
      explainFailure(failure("PolicyEnforcedException"), archive, {
        ...facts,
        policy: { strategy: "FreeTier", bytesPerHour: null },
      }).message,
    ).toContain("Free Tier Only");
  });

  it("ResourceNotFound → says whether the vault or the archive is missing", () => {
    expect(
      explainFailure(failure("ResourceNotFoundException", undefined, 404), archive, {
        ...facts,
        vaultExists: false,
      }).fieldErrors.vault,
    ).toContain("Vault photos does not exist");
    expect(
      explainFailure(failure("ResourceNotFoundException", undefined, 404), archive, {
        ...facts,
        vaultExists: true,
      }).fieldErrors.ArchiveId,
    ).toContain("has no archive with this id");
    expect(
      explainFailure(failure("ResourceNotFoundException", "gone", 404), archive, facts).fieldErrors,
    ).toEqual({});
  });

  it("InvalidParameterValue / MissingParameterValue → the field AWS names", () => {
    const range = explainFailure(
      failure(
        "InvalidParameterValueException",
        "The byte range 0-1048575 is outside the archive (RetrievalByteRange)",
      ),
      archive,
      facts,
    );
    expect(Object.keys(range.fieldErrors)).toEqual(["RetrievalByteRange"]);
    expect(range.message).toContain("outside the archive");
    const limit = explainFailure(
      failure("InvalidParameterValueException", "Invalid Limit: 5"),
      inventory,
      facts,
    );
    expect(Object.keys(limit.fieldErrors)).toEqual(["InventoryRetrievalParameters.Limit"]);
    const unknown = explainFailure(
      failure("MissingParameterValueException", "Something is missing"),
      archive,
      facts,
    );
    expect(unknown.fieldErrors).toEqual({});
    expect(unknown.message).toContain("Glacier refused a parameter");
  });

  it("Throttling → no job started, retry later (InitiateJob is sent once: nothing was retried)", () => {
    const e = explainFailure(failure("ThrottlingException", "slow down", 400), archive, facts);
    expect(e.message).toMatch(/no job was started.*Try again in a few minutes/);
    expect(e.message).not.toMatch(/retried/);
  });

  it("anything else keeps the mapped sentence and AWS's own words", () => {
    expect(
      explainFailure(failure("AccessDeniedException", "not allowed", 403), archive, facts).message,
    ).toMatch(/sentence for AccessDeniedException Glacier said: “not allowed”/);
  });
});

describe("explainUnsettled", () => {
  it("marks the result so the wizard can offer a fresh request", () => {
    expect(explainUnsettled("uncertain", failure("ECONNRESET", undefined, 0)).fieldErrors).toEqual({
      _submission: "uncertain",
    });
    expect(explainUnsettled("uncertain", null).message).toContain("may or may not have started");
    expect(explainUnsettled("in-progress", null).message).toContain("already being submitted");
  });
});

describe("fieldNamedIn", () => {
  it("prefers the longest path and matches last segments as words", () => {
    expect(fieldNamedIn("bad InventoryRetrievalParameters.StartDate", inventory)).toBe(
      "InventoryRetrievalParameters.StartDate",
    );
    expect(fieldNamedIn("Invalid StartDate", inventory)).toBe("InventoryRetrievalParameters.StartDate");
    expect(fieldNamedIn("LimitExceeded", inventory)).toBeUndefined();
    expect(fieldNamedIn(undefined, inventory)).toBeUndefined();
  });
});
