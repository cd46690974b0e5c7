import { describe, expect, it } from "vitest";
import { fieldLabel, fieldName, labelIssue, labelMessage, splitFieldError } from "./field-labels";
import { CANNED_ACL_WITH_GRANTS, validateJobParameters } from "./job-rules";

describe("field labels", () => {
  it("gives each form path its on-screen label, with row numbers from either index notation", () => {
    expect(fieldLabel("InventoryRetrievalParameters.EndDate")).toBe("Created before (UTC)");
    expect(fieldLabel("OutputLocation.S3.Tagging.2.Key")).toBe("Tags 3 key");
    expect(fieldLabel("OutputLocation.S3.AccessControlList.0.Grantee.ID")).toBe("Canonical user ID");
    expect(fieldName("OutputLocation.S3.AccessControlList[1].Grantee.ID")).toBe(
      "Canonical user ID (Grant 2)",
    );
    expect(fieldName("SelectParameters.OutputSerialization.csv.FieldDelimiter")).toBe(
      "Field delimiter (Output CSV)",
    );
    expect(fieldName("Type")).toBeUndefined();
    expect(fieldLabel("Type")).toBe("Type");
  });

  it("rewrites every wire path a rule's message names, and AWS's 'Required parameter missing'", () => {
    expect(
      labelMessage(
        "InventoryRetrievalParameters.EndDate must be later than InventoryRetrievalParameters.StartDate",
        "InventoryRetrievalParameters.EndDate",
      ),
    ).toBe("Created before (UTC) must be later than Created from (UTC)");
    expect(
      labelMessage("Required parameter missing: OutputLocation.S3.Prefix", "OutputLocation.S3.Prefix"),
    ).toBe("Key prefix is required");
    // Values and words that name no field are left alone.
    expect(labelMessage("Invalid Format: XML. Valid values are CSV, JSON", "Format")).toBe(
      "Invalid Format: XML. Valid values are CSV, JSON",
    );
  });

  it("carries the API path and AWS's error code as a detail line the screen shows apart", () => {
    const result = validateJobParameters({
      Type: "inventory-retrieval",
      InventoryRetrievalParameters: { StartDate: "2024-02-01T00:00:00Z", EndDate: "2024-01-01T00:00:00Z" },
    });
    expect(result.ok).toBe(false);
    const issue = result.ok ? undefined : result.issues[0];
    if (!issue) throw new Error("no issue");
    // The emulator's message stays in API terms; the screen's is in labels.
    expect(issue.message).toBe(
      "InventoryRetrievalParameters.EndDate must be later than InventoryRetrievalParameters.StartDate",
    );
    expect(splitFieldError(labelIssue(issue))).toEqual({
      message: "Created before (UTC) must be later than Created from (UTC)",
      detail: "InventoryRetrievalParameters.EndDate · InvalidParameterValueException",
    });
    expect(splitFieldError("Choose a vault")).toEqual({ message: "Choose a vault", detail: null });
  });

  it("words a canned ACL with grants for a person, in the one rule the emulator shares", () => {
    const result = validateJobParameters({
      Type: "select",
      ArchiveId: "a",
      SelectParameters: {
        Expression: "select * from archive",
        ExpressionType: "SQL",
        InputSerialization: { csv: {} },
        OutputSerialization: { csv: {} },
      },
      OutputLocation: {
        S3: {
          BucketName: "results",
          Prefix: "p",
          CannedACL: "private",
          AccessControlList: [
            {
              Grantee: { Type: "Group", URI: "http://acs.amazonaws.com/groups/global/AllUsers" },
              Permission: "READ",
            },
          ],
        },
      },
    });
    expect(result.ok ? [] : result.issues).toEqual([
      {
        path: "OutputLocation.S3.CannedACL",
        code: "InvalidParameterValueException",
        message: CANNED_ACL_WITH_GRANTS,
      },
    ]);
  });
});
