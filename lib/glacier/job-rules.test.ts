import { describe, expect, it } from "vitest";
import { MIB } from "./byte-range";
import { ruleRetrievalByteRange, validateJobParameters } from "./job-rules";
import { ARCHIVE_ID, firstIssue, issuesOf, validSelect, valueOf } from "@/tests/support/job-rules";

describe("validateJobParameters: valid bodies", () => {
  it("normalizes an archive retrieval with defaults", () => {
    expect(valueOf({ Type: "archive-retrieval", ArchiveId: ARCHIVE_ID })).toEqual({
      Type: "archive-retrieval",
      ArchiveId: ARCHIVE_ID,
      Description: null,
      SNSTopic: null,
      Tier: "Standard",
      RetrievalByteRange: null,
      byteRange: null,
    });
  });

  it("keeps a range and parses it", () => {
    const value = valueOf(
      {
        Type: "archive-retrieval",
        ArchiveId: ARCHIVE_ID,
        RetrievalByteRange: "2097152-4194303",
        Tier: "Bulk",
      },
      6.5 * MIB,
    );
    expect(value).toMatchObject({
      RetrievalByteRange: "2097152-4194303",
      byteRange: { start: 2097152, end: 4194303 },
      Tier: "Bulk",
    });
  });

  it("normalizes an inventory retrieval with filters", () => {
    const value = valueOf({
      Type: "inventory-retrieval",
      Description: "weekly inventory",
      SNSTopic: "arn:aws:sns:us-west-2:012345678901:mytopic",
      Format: "CSV",
      InventoryRetrievalParameters: {
        StartDate: "2013-12-04T21:25:42Z",
        EndDate: "2014-01-01T00:00:00Z",
        Limit: "10000",
        Marker: "abc",
      },
    });
    expect(value).toMatchObject({
      Type: "inventory-retrieval",
      Format: "CSV",
      Tier: "Standard",
      Description: "weekly inventory",
      InventoryRetrievalParameters: {
        StartDate: "2013-12-04T21:25:42Z",
        EndDate: "2014-01-01T00:00:00Z",
        Limit: "10000",
        Marker: "abc",
      },
      inventoryQuery: {
        startDate: new Date("2013-12-04T21:25:42Z"),
        endDate: new Date("2014-01-01T00:00:00Z"),
        limit: 10000,
        marker: "abc",
      },
    });
    expect(valueOf({ Type: "inventory-retrieval" })).toMatchObject({
      Format: "JSON",
      InventoryRetrievalParameters: { Limit: null },
    });
  });

  it("normalizes a full select job, canonicalizing enum casing", () => {
    const value = valueOf(validSelect);
    expect(value.Type).toBe("select");
    if (value.Type !== "select") return;
    expect(value.SelectParameters.InputSerialization.csv).toEqual({
      FileHeaderInfo: "USE",
      RecordDelimiter: "\r\n",
      FieldDelimiter: ";",
    });
    expect(value.SelectParameters.OutputSerialization.csv).toEqual({ QuoteFields: "ASNEEDED" });
    expect(value.OutputLocation.S3.AccessControlList).toHaveLength(3);
  });

  it("fills absent serializations and treats null as absent", () => {
    const value = valueOf({
      ...validSelect,
      Description: null,
      SelectParameters: { ExpressionType: "SQL", Expression: "SELECT * FROM archive" },
    });
    expect(value).toMatchObject({
      Description: null,
      SelectParameters: { InputSerialization: { csv: {} }, OutputSerialization: { csv: {} } },
    });
  });
});

describe("validateJobParameters: Type and membership", () => {
  it.each([
    [null, "InvalidParameterValueException", ""],
    [[], "InvalidParameterValueException", ""],
    [{}, "MissingParameterValueException", "Type"],
    [{ Type: "Archive-Retrieval" }, "InvalidParameterValueException", "Type"],
    [{ Type: 1 }, "InvalidParameterValueException", "Type"],
    [{ Type: "archive-retrieval" }, "MissingParameterValueException", "ArchiveId"],
    [{ Type: "archive-retrieval", ArchiveId: "" }, "InvalidParameterValueException", "ArchiveId"],
    [{ Type: "select", ArchiveId: ARCHIVE_ID }, "MissingParameterValueException", "SelectParameters"],
    [{ Type: "inventory-retrieval", ArchiveId: ARCHIVE_ID }, "InvalidParameterValueException", "ArchiveId"],
    [
      { Type: "inventory-retrieval", RetrievalByteRange: "0-1048575" },
      "InvalidParameterValueException",
      "RetrievalByteRange",
    ],
    [
      { ...validSelect, RetrievalByteRange: "0-1048575" },
      "InvalidParameterValueException",
      "RetrievalByteRange",
    ],
    [
      { Type: "archive-retrieval", ArchiveId: ARCHIVE_ID, Format: "CSV" },
      "InvalidParameterValueException",
      "Format",
    ],
    [
      { Type: "archive-retrieval", ArchiveId: ARCHIVE_ID, OutputLocation: {} },
      "InvalidParameterValueException",
      "OutputLocation",
    ],
    [
      { Type: "archive-retrieval", ArchiveId: ARCHIVE_ID, Archiveid: "x" },
      "InvalidParameterValueException",
      "Archiveid",
    ],
  ])("%j → %s at %j", (params, code, path) => {
    expect(firstIssue(params)).toEqual([code, path]);
  });

  it("names the job type when refusing a foreign member", () => {
    const [issue] = issuesOf({ Type: "inventory-retrieval", ArchiveId: ARCHIVE_ID });
    expect(issue?.message).toBe("ArchiveId is not valid for inventory-retrieval jobs");
  });

  it("reports every issue at once, in a stable order", () => {
    const issues = issuesOf({
      Type: "archive-retrieval",
      Description: "tab\there",
      Tier: "Fast",
      SNSTopic: "topic",
    });
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ["InvalidParameterValueException", "Description"],
      ["InvalidParameterValueException", "SNSTopic"],
      ["InvalidParameterValueException", "Tier"],
      ["MissingParameterValueException", "ArchiveId"],
    ]);
    expect(issues[2]?.message).toBe("Invalid Tier: Fast. Valid values are Expedited, Standard, Bulk");
  });
});

describe("validateJobParameters: RetrievalByteRange", () => {
  const job = (range: string) => ({
    Type: "archive-retrieval",
    ArchiveId: ARCHIVE_ID,
    RetrievalByteRange: range,
  });
  const size = 6.5 * MIB;

  it.each(["0-1048575", "1048576-3145727", `6291456-${size - 1}`, `0-${size - 1}`])(
    "accepts aligned %s",
    (range) => {
      expect(validateJobParameters(job(range), { archiveSize: size }).ok).toBe(true);
    },
  );

  it.each(["1-1048575", "0-1048576", "0-99", "5-4", "0 - 1", "abc"])("refuses %s", (range) => {
    expect(firstIssue(job(range), size)).toEqual(["InvalidParameterValueException", "RetrievalByteRange"]);
  });

  it("refuses a range past the archive's end", () => {
    const [issue] = issuesOf(job("0-7340031"), size);
    expect(issue?.message).toContain("outside the archive");
  });

  it("judges what it can without the archive size", () => {
    expect(validateJobParameters(job("0-12345")).ok).toBe(true); // may be the last byte
    expect(firstIssue(job("12345-2097151"))).toEqual([
      "InvalidParameterValueException",
      "RetrievalByteRange",
    ]);
    expect(ruleRetrievalByteRange("0-12345", { archiveSize: 2 * MIB }).ok).toBe(false);
  });
});

describe("validateJobParameters: InventoryRetrievalParameters", () => {
  const job = (p: Record<string, unknown>) => ({
    Type: "inventory-retrieval",
    InventoryRetrievalParameters: p,
  });
  it.each([
    [{ Limit: "0" }, "Limit"],
    [{ Limit: "-1" }, "Limit"],
    [{ Limit: "1.5" }, "Limit"],
    [{ Limit: 10 }, "Limit"],
    [{ Limit: "99999999999999999999" }, "Limit"],
    [{ StartDate: "2013-02-30T00:00:00Z" }, "StartDate"],
    [{ EndDate: "2013-03-20T17:03:43+02:00" }, "EndDate"],
    [{ StartDate: "2014-01-01T00:00:00Z", EndDate: "2014-01-01T00:00:00Z" }, "EndDate"],
    [{ Marker: "" }, "Marker"],
    [{ Limt: "5" }, "Limt"],
  ])("%j is refused at %s", (params, field) => {
    expect(firstIssue(job(params))).toEqual([
      "InvalidParameterValueException",
      `InventoryRetrievalParameters.${field}`,
    ]);
  });

  it("accepts either date alone", () => {
    expect(validateJobParameters(job({ StartDate: "2013-12-04T21:25:42Z" })).ok).toBe(true);
    expect(validateJobParameters(job({ EndDate: "2013-12-04T21:25:42.5Z", Limit: "1" })).ok).toBe(true);
  });
});
