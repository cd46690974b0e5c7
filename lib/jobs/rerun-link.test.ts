import { describe, expect, it } from "vitest";
import { decodeSelectShareLink } from "@/lib/glacier/schemas/select-link";
import { emptySelectJob } from "@/lib/glacier/schemas/select-job";
import { rerunLinkOf } from "./rerun-link";

/** A select job as Thaw records it: the exact InitiateJob body, maps and real characters included. */
const selectParameters = {
  Type: "select",
  ArchiveId: "archive-1",
  Tier: "Standard",
  SelectParameters: {
    ExpressionType: "SQL",
    Expression: "SELECT * FROM archive",
    InputSerialization: { csv: { FileHeaderInfo: "USE", RecordDelimiter: "\r\n", FieldDelimiter: "\t" } },
    OutputSerialization: { csv: {} },
  },
  OutputLocation: {
    S3: {
      BucketName: "thaw-results",
      Prefix: "again/",
      Tagging: { project: "thaw", "cost.center": "" },
      UserMetadata: { note: "", owner: "ops" },
    },
  },
};

function decodedRerun(parameters: unknown) {
  const link = rerunLinkOf(
    { job_type: "select", vault_name: "reports", parameters: JSON.stringify(parameters) },
    "Demo",
  );
  expect(link).not.toBeNull();
  const url = new URL(link ?? "", "http://thaw.local");
  expect(url.pathname).toBe("/jobs/new/select");
  return decodeSelectShareLink(url.searchParams, emptySelectJob());
}

describe("rerunLinkOf", () => {
  it("keeps a select job's tags and metadata whose value is empty", () => {
    const { values, connection } = decodedRerun(selectParameters);
    expect(connection).toBe("Demo");
    expect(values.vault).toBe("reports");
    expect(values.OutputLocation.S3.Tagging).toEqual([
      { Key: "project", Value: "thaw" },
      { Key: "cost.center", Value: "" },
    ]);
    expect(values.OutputLocation.S3.UserMetadata).toEqual([
      { Key: "note", Value: "" },
      { Key: "owner", Value: "ops" },
    ]);
  });

  it("carries the rest of the select job into the wizard's notation", () => {
    const { values } = decodedRerun(selectParameters);
    expect(values.ArchiveId).toBe("archive-1");
    expect(values.OutputLocation.S3.BucketName).toBe("thaw-results");
    expect(values.OutputLocation.S3.Prefix).toBe("again/");
    expect(values.SelectParameters.Expression).toBe("SELECT * FROM archive");
    expect(values.SelectParameters.InputSerialization.csv).toMatchObject({
      FileHeaderInfo: "USE",
      RecordDelimiter: "\\r\\n",
      FieldDelimiter: "\\t",
    });
  });

  it("links other job types through the generic codec", () => {
    const link = rerunLinkOf(
      {
        job_type: "archive-retrieval",
        vault_name: "photos",
        parameters: JSON.stringify({ Type: "archive-retrieval", ArchiveId: "a b", Tier: "Bulk" }),
      },
      "Demo",
    );
    expect(link).toBe("/jobs/new/archive?connection=Demo&vault=photos&ArchiveId=a+b&Tier=Bulk");
  });

  it("gives no link for a record it cannot read", () => {
    expect(rerunLinkOf({ job_type: "select", vault_name: "reports", parameters: "{" }, "Demo")).toBeNull();
  });
});
