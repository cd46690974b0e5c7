import { describe, expect, it } from "vitest";
import { MIB } from "./byte-range";
import {
  type JobIssue,
  bucketNameProblem,
  ruleCsvCharacter,
  ruleInventoryLimit,
  ruleRetrievalByteRange,
  ruleTagging,
  ruleUserMetadata,
  splitIssuePath,
  validateJobParameters,
} from "./job-rules";

const ARCHIVE_ID =
  "NkbByEejwEggmBz2fTHgJrg0XBoDfjP4q6iu87-TjhqG6eGoOY9Z8i1_AUyUsuhPAdTqLHy8pTl5nfCFJmDl2yEZONi5L26Omw12vcs01MNGntHEQL8MBfGlqrEXAMPLEArchiveId";
const BUCKET_OWNER_ID = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";

function issuesOf(params: unknown, archiveSize?: number): JobIssue[] {
  const result = validateJobParameters(params, archiveSize === undefined ? {} : { archiveSize });
  if (result.ok) throw new Error(`expected issues, got ${JSON.stringify(result.value)}`);
  return result.issues;
}

function valueOf(params: unknown, archiveSize?: number) {
  const result = validateJobParameters(params, archiveSize === undefined ? {} : { archiveSize });
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.issues)}`);
  return result.value;
}

/** The first issue's code and path: what the emulator turns into the AWS error. */
function firstIssue(params: unknown, archiveSize?: number): [string, string] {
  const [issue] = issuesOf(params, archiveSize);
  return [issue?.code ?? "", issue?.path ?? ""];
}

const validSelect = {
  Type: "select",
  ArchiveId: ARCHIVE_ID,
  Tier: "Expedited",
  SelectParameters: {
    ExpressionType: "SQL",
    Expression: "SELECT s._1 FROM archive s WHERE s._2 > 10",
    InputSerialization: { csv: { FileHeaderInfo: "Use", RecordDelimiter: "\r\n", FieldDelimiter: ";" } },
    OutputSerialization: { csv: { QuoteFields: "asneeded" } },
  },
  OutputLocation: {
    S3: {
      BucketName: "thaw-results.example",
      Prefix: "select-output",
      Encryption: { EncryptionType: "aws:kms", KMSKeyId: "alias/thaw" },
      AccessControlList: [
        {
          Grantee: { Type: "CanonicalUser", ID: BUCKET_OWNER_ID, DisplayName: "owner" },
          Permission: "FULL_CONTROL",
        },
        {
          Grantee: { Type: "Group", URI: "http://acs.amazonaws.com/groups/global/AuthenticatedUsers" },
          Permission: "READ",
        },
        {
          Grantee: { Type: "AmazonCustomerByEmail", EmailAddress: "ops@example.com" },
          Permission: "READ_ACP",
        },
      ],
      Tagging: { project: "thaw", "cost center": "it-ops" },
      UserMetadata: { "source-vault": "examplevault" },
      StorageClass: "STANDARD_IA",
    },
  },
};

function selectWith(patch: (s: typeof validSelect.OutputLocation.S3) => Record<string, unknown>) {
  return { ...validSelect, OutputLocation: { S3: patch(validSelect.OutputLocation.S3) } };
}

function selectParametersWith(patch: Record<string, unknown>) {
  return { ...validSelect, SelectParameters: { ...validSelect.SelectParameters, ...patch } };
}

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

describe("validateJobParameters: SelectParameters", () => {
  const csvIn = (csv: Record<string, unknown>) => selectParametersWith({ InputSerialization: { csv } });
  const csvOut = (csv: Record<string, unknown>) => selectParametersWith({ OutputSerialization: { csv } });
  const path = "SelectParameters";

  it.each([
    [
      selectParametersWith({ ExpressionType: undefined }),
      "MissingParameterValueException",
      `${path}.ExpressionType`,
    ],
    [
      selectParametersWith({ ExpressionType: "sql" }),
      "InvalidParameterValueException",
      `${path}.ExpressionType`,
    ],
    [selectParametersWith({ Expression: undefined }), "MissingParameterValueException", `${path}.Expression`],
    [selectParametersWith({ Expression: "   " }), "InvalidParameterValueException", `${path}.Expression`],
    [
      selectParametersWith({ Expression: "x".repeat(256 * 1024 + 1) }),
      "InvalidParameterValueException",
      `${path}.Expression`,
    ],
    [
      selectParametersWith({ InputSerialization: { json: {} } }),
      "InvalidParameterValueException",
      `${path}.InputSerialization.json`,
    ],
    [
      selectParametersWith({ InputSerialization: {} }),
      "MissingParameterValueException",
      `${path}.InputSerialization.csv`,
    ],
    [
      csvOut({ QuoteFields: "NEVER" }),
      "InvalidParameterValueException",
      `${path}.OutputSerialization.csv.QuoteFields`,
    ],
    [csvOut({ Comments: "#" }), "InvalidParameterValueException", `${path}.OutputSerialization.csv.Comments`],
  ])("case %#", (params, code, at) => {
    expect(firstIssue(params)).toEqual([code, at]);
  });

  it.each([
    [{ FieldDelimiter: ",," }, "FieldDelimiter"],
    [{ FieldDelimiter: "" }, "FieldDelimiter"],
    [{ FieldDelimiter: "\u0001" }, "FieldDelimiter"],
    [{ FieldDelimiter: "é" }, "FieldDelimiter"],
    [{ QuoteCharacter: "\r\n" }, "QuoteCharacter"],
    [{ RecordDelimiter: "\n\n" }, "RecordDelimiter"],
    [{ FieldDelimiter: "\n" }, "FieldDelimiter"],
    [{ FieldDelimiter: "\r", RecordDelimiter: "\r\n" }, "FieldDelimiter"],
    [{ QuoteCharacter: "," }, "QuoteCharacter"],
    [{ Comments: "," }, "Comments"],
    [{ FileHeaderInfo: "FIRST" }, "FileHeaderInfo"],
  ])("input csv %j is refused at %s", (csv, field) => {
    expect(firstIssue(csvIn(csv))).toEqual([
      "InvalidParameterValueException",
      `${path}.InputSerialization.csv.${field}`,
    ]);
  });

  it("accepts the documented characters", () => {
    for (const csv of [
      { RecordDelimiter: "\r\n" },
      { RecordDelimiter: "\r" },
      { FieldDelimiter: "\t" },
      { FieldDelimiter: "|", QuoteCharacter: "'", QuoteEscapeCharacter: "\\", Comments: "#" },
    ]) {
      expect(validateJobParameters(csvIn(csv)).ok, JSON.stringify(csv)).toBe(true);
    }
    expect(ruleCsvCharacter("\r\n", "RecordDelimiter", true).ok).toBe(true);
    expect(ruleCsvCharacter("\r\n", "FieldDelimiter").ok).toBe(false);
  });
});

describe("validateJobParameters: OutputLocation", () => {
  const s3 = "OutputLocation.S3";
  it.each([
    [{ ...validSelect, OutputLocation: undefined }, "MissingParameterValueException", "OutputLocation"],
    [{ ...validSelect, OutputLocation: {} }, "MissingParameterValueException", s3],
    [selectWith(({ BucketName: _b, ...rest }) => rest), "MissingParameterValueException", `${s3}.BucketName`],
    [selectWith(({ Prefix: _p, ...rest }) => rest), "MissingParameterValueException", `${s3}.Prefix`],
    [
      selectWith((s) => ({ ...s, Prefix: "p".repeat(513) })),
      "InvalidParameterValueException",
      `${s3}.Prefix`,
    ],
    [
      selectWith((s) => ({ ...s, Encryption: { KMSKeyId: "k" } })),
      "MissingParameterValueException",
      `${s3}.Encryption.EncryptionType`,
    ],
    [
      selectWith((s) => ({ ...s, Encryption: { EncryptionType: "AES256", KMSKeyId: "k" } })),
      "InvalidParameterValueException",
      `${s3}.Encryption.KMSKeyId`,
    ],
    [
      selectWith((s) => ({ ...s, Encryption: { EncryptionType: "AES256", KMSContext: "e30=" } })),
      "InvalidParameterValueException",
      `${s3}.Encryption.KMSContext`,
    ],
    [
      selectWith((s) => ({ ...s, Encryption: { EncryptionType: "aes256" } })),
      "InvalidParameterValueException",
      `${s3}.Encryption.EncryptionType`,
    ],
    [
      selectWith((s) => ({ ...s, CannedACL: "private" })),
      "InvalidParameterValueException",
      `${s3}.AccessControlList`,
    ],
    [
      selectWith((s) => ({ ...s, AccessControlList: undefined, CannedACL: "world" })),
      "InvalidParameterValueException",
      `${s3}.CannedACL`,
    ],
    [
      selectWith((s) => ({ ...s, StorageClass: "GLACIER" })),
      "InvalidParameterValueException",
      `${s3}.StorageClass`,
    ],
  ])("case %#", (params, code, at) => {
    expect(firstIssue(params)).toEqual([code, at]);
  });

  const grant = (grantee: Record<string, unknown>, permission: unknown = "READ") =>
    selectWith((s) => ({ ...s, AccessControlList: [{ Grantee: grantee, Permission: permission }] }));
  const g = `${s3}.AccessControlList[0]`;
  it.each([
    [grant({ Type: "CanonicalUser" }), "MissingParameterValueException", `${g}.Grantee.ID`],
    [grant({ Type: "CanonicalUser", ID: "not-hex" }), "InvalidParameterValueException", `${g}.Grantee.ID`],
    [
      grant({ Type: "CanonicalUser", ID: BUCKET_OWNER_ID, URI: "http://x" }),
      "InvalidParameterValueException",
      `${g}.Grantee.URI`,
    ],
    [grant({ Type: "Group" }), "MissingParameterValueException", `${g}.Grantee.URI`],
    [
      grant({ Type: "Group", URI: "http://example.com/everyone" }),
      "InvalidParameterValueException",
      `${g}.Grantee.URI`,
    ],
    [grant({ Type: "AmazonCustomerByEmail" }), "MissingParameterValueException", `${g}.Grantee.EmailAddress`],
    [
      grant({ Type: "AmazonCustomerByEmail", EmailAddress: "nobody" }),
      "InvalidParameterValueException",
      `${g}.Grantee.EmailAddress`,
    ],
    [grant({ ID: BUCKET_OWNER_ID }), "MissingParameterValueException", `${g}.Grantee.Type`],
    [grant({ Type: "User" }), "InvalidParameterValueException", `${g}.Grantee.Type`],
    [
      grant({ Type: "CanonicalUser", ID: BUCKET_OWNER_ID }, "ALL"),
      "InvalidParameterValueException",
      `${g}.Permission`,
    ],
    [
      grant({ Type: "CanonicalUser", ID: BUCKET_OWNER_ID }, null),
      "MissingParameterValueException",
      `${g}.Permission`,
    ],
  ])("grant case %#", (params, code, at) => {
    expect(firstIssue(params)).toEqual([code, at]);
  });
});

describe("S3 rules", () => {
  it.each(["abc", "my-bucket", "my.bucket.2024", "a".repeat(63)])("bucket %s is valid", (name) => {
    expect(bucketNameProblem(name)).toBeNull();
  });

  it.each([
    "ab",
    "a".repeat(64),
    "My-Bucket",
    "my_bucket",
    "-bucket",
    "bucket-",
    "my..bucket",
    "192.168.5.4",
    "xn--bucket",
    "sthree-b",
    "amzn-s3-demo-x",
    "b-s3alias",
    "b--ol-s3",
    "b.mrap",
    "b--x-s3",
    "b--table-s3",
  ])("bucket %s is invalid", (name) => {
    expect(bucketNameProblem(name)).not.toBeNull();
  });

  it("limits tags to 10, keys to 128 and values to 256 characters", () => {
    const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]));
    expect(ruleTagging(tags(10)).ok).toBe(true);
    expect(ruleTagging(tags(11)).ok).toBe(false);
    expect(ruleTagging({ ["é".repeat(128)]: "" }).ok).toBe(true);
    expect(ruleTagging({ ["k".repeat(129)]: "v" }).ok).toBe(false);
    expect(ruleTagging({ "": "v" }).ok).toBe(false);
    expect(ruleTagging({ k: "v".repeat(256) }).ok).toBe(true);
    expect(ruleTagging({ k: "v".repeat(257) }).ok).toBe(false);
    expect(ruleTagging({ "aws:created": "x" }).ok).toBe(false);
    expect(ruleTagging({ "a/b:c=d+e-f_g.h@i j": "ok" }).ok).toBe(true);
    expect(ruleTagging({ "k#": "v" }).ok).toBe(false);
    expect(ruleTagging({ k: 5 }).ok).toBe(false);
  });

  it("limits user metadata to 2 KB of UTF-8 keys and values", () => {
    expect(ruleUserMetadata({ k: "v".repeat(2047) }).ok).toBe(true);
    expect(ruleUserMetadata({ k: "v".repeat(2048) }).ok).toBe(false);
    expect(ruleUserMetadata({ k: "é".repeat(1024) }).ok).toBe(false); // 2049 bytes
    expect(ruleUserMetadata({ "bad key": "v" }).ok).toBe(false);
    expect(ruleUserMetadata({ Key: "a", key: "b" }).ok).toBe(false);
    expect(ruleUserMetadata({ k: "line\nbreak" }).ok).toBe(false);
  });
});

describe("helpers for zod", () => {
  it("splits issue paths into zod path segments", () => {
    expect(splitIssuePath("OutputLocation.S3.AccessControlList[0].Grantee.ID")).toEqual([
      "OutputLocation",
      "S3",
      "AccessControlList",
      0,
      "Grantee",
      "ID",
    ]);
    expect(splitIssuePath("Type")).toEqual(["Type"]);
  });

  it("exposes per-field rules", () => {
    expect(ruleInventoryLimit("25")).toEqual({ ok: true, value: 25 });
    const bad = ruleInventoryLimit("0", "Limit");
    expect(bad.ok ? [] : bad.issues.map((i) => i.path)).toEqual(["Limit"]);
  });
});
