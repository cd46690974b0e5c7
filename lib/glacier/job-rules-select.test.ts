import { describe, expect, it } from "vitest";
import {
  bucketNameProblem,
  ruleCsvCharacter,
  ruleInventoryLimit,
  ruleTagging,
  ruleUserMetadata,
  splitIssuePath,
  validateJobParameters,
} from "./job-rules";
import {
  BUCKET_OWNER_ID,
  firstIssue,
  selectParametersWith,
  selectWith,
  validSelect,
} from "@/tests/support/job-rules";

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
      // A canned ACL beside grants: refused at the canned ACL (output-location-rules.ts names AWS's pages).
      selectWith((s) => ({ ...s, CannedACL: "private" })),
      "InvalidParameterValueException",
      `${s3}.CannedACL`,
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
