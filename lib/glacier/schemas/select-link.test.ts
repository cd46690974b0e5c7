import { describe, expect, it } from "vitest";
import { shareLinkPath } from "../share-link";
import { type SelectJobValues, emptySelectJob, selectJobSchema, toInitiateJobParameters } from "./select-job";
import { decodeSelectShareLink, selectShareLinkPath } from "./select-link";

const OWNER_ID = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";

function composed(): SelectJobValues {
  const values = emptySelectJob("reports", "-starts-with-a-dash_Id");
  values.Tier = "Expedited";
  values.Description = "Q1 units & prices = 100%";
  values.SelectParameters.Expression =
    "SELECT s.region, CAST(s.units AS INT) * 2 FROM archive s WHERE s.product = 'Cable, 2m' AND s.units <> ''";
  values.SelectParameters.InputSerialization.csv = {
    FileHeaderInfo: "USE",
    Comments: "#",
    QuoteEscapeCharacter: "\\",
    RecordDelimiter: "\\r\\n",
    FieldDelimiter: "\\t",
    QuoteCharacter: '"',
  };
  values.SelectParameters.OutputSerialization.csv.QuoteFields = "ALWAYS";
  values.OutputLocation.S3 = {
    ...values.OutputLocation.S3,
    BucketName: "thaw-results",
    Prefix: "select/2024 q1/",
    Encryption: {
      EncryptionType: "aws:kms",
      KMSKeyId: "arn:aws:kms:us-east-1:123456789012:key/abc",
      KMSContext: "eyJhIjoiYiJ9",
    },
    AccessControlList: [
      {
        Grantee: { Type: "CanonicalUser", ID: OWNER_ID, URI: "", EmailAddress: "", DisplayName: "owner" },
        Permission: "FULL_CONTROL",
      },
      {
        Grantee: {
          Type: "Group",
          ID: "",
          URI: "http://acs.amazonaws.com/groups/global/AllUsers",
          EmailAddress: "",
          DisplayName: "",
        },
        Permission: "READ",
      },
    ],
    Tagging: [
      { Key: "project", Value: "thaw" },
      { Key: "cost.center", Value: "" },
      { Key: "2", Value: "integer-like key stays in place" },
    ],
    UserMetadata: [{ Key: "source-vault", Value: "reports/é" }],
    StorageClass: "STANDARD_IA",
  };
  return values;
}

function roundTrip(values: SelectJobValues, connection?: string) {
  const url = new URL(selectShareLinkPath(values, { connection }), "http://thaw.local");
  expect(url.pathname).toBe("/jobs/new/select");
  return { url, decoded: decodeSelectShareLink(url.searchParams, emptySelectJob()) };
}

describe("select share links", () => {
  it("round-trip every member, with wire names for map entries and indexes for grants", () => {
    const values = composed();
    const { url, decoded } = roundTrip(values, "Local Glacier");
    expect(decoded.values).toEqual(values);
    expect(decoded.connection).toBe("Local Glacier");
    expect(url.searchParams.get("SelectParameters.Expression")).toBe(values.SelectParameters.Expression);
    expect(url.searchParams.get("OutputLocation.S3.Tagging.project")).toBe("thaw");
    expect(url.searchParams.get("OutputLocation.S3.Tagging.cost.center")).toBe("");
    expect(url.searchParams.get("OutputLocation.S3.AccessControlList.1.Grantee.Type")).toBe("Group");
    expect(url.searchParams.get("SelectParameters.InputSerialization.csv.RecordDelimiter")).toBe("\\r\\n");
    expect(decoded.fields).toEqual(
      expect.arrayContaining([
        "SelectParameters.Expression",
        "OutputLocation.S3.Tagging",
        "OutputLocation.S3.UserMetadata",
      ]),
    );
    expect(selectJobSchema.safeParse(decoded.values).success).toBe(true);
  });

  it("keep a long SQL expression intact (100 KB of quotes, newlines, &, =, %, + and non-ASCII)", () => {
    const values = composed();
    const clause =
      "\n  OR (s.product = 'Monitor 27\"' AND s.price || '%' LIKE '%+1&x=y%' AND s.region <> 'é€😀')";
    values.SelectParameters.Expression = `SELECT * FROM archive s WHERE s.units = '1'${clause.repeat(1200)}`;
    expect(values.SelectParameters.Expression.length).toBeGreaterThan(100_000);
    const { decoded } = roundTrip(values);
    expect(decoded.values.SelectParameters.Expression).toBe(values.SelectParameters.Expression);
  });

  it("also decode Next's searchParams object (repeated names become arrays)", () => {
    const decoded = decodeSelectShareLink(
      {
        vault: "reports",
        "OutputLocation.S3.Tagging.a": ["1", "2"],
        "SelectParameters.Expression": "SELECT 1",
      },
      emptySelectJob(),
    );
    expect(decoded.values.OutputLocation.S3.Tagging).toEqual([
      { Key: "a", Value: "1" },
      { Key: "a", Value: "2" },
    ]);
    expect(decoded.values.SelectParameters.Expression).toBe("SELECT 1");
  });

  it("ignore unknown and prototype-reaching names, and keep bad values for the schema to report", () => {
    const params = new URLSearchParams([
      ["vault", "reports"],
      ["ArchiveId", "abc"],
      ["Bogus", "1"],
      ["__proto__.polluted", "yes"],
      ["OutputLocation.S3.__proto__", "x"],
      ["OutputLocation.S3.AccessControlList.999999.Permission", "READ"],
      ["SelectParameters.OutputSerialization.csv.QuoteFields", "SOMETIMES"],
      ["OutputLocation.S3.BucketName", "Not_A_Bucket"],
      ["OutputLocation.S3.Prefix", "p"],
      ["SelectParameters.Expression", "DROP TABLE x"],
    ]);
    const decoded = decodeSelectShareLink(params, emptySelectJob());
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(decoded.values.OutputLocation.S3.AccessControlList).toEqual([]);
    expect(decoded.fields).not.toContain("Bogus");
    const result = selectJobSchema.safeParse(decoded.values);
    const paths = result.error?.issues.map((i) => i.path.join(".")) ?? [];
    expect(paths).toEqual(
      expect.arrayContaining([
        "SelectParameters.OutputSerialization.csv.QuoteFields",
        "OutputLocation.S3.BucketName",
        "SelectParameters.Expression",
      ]),
    );
  });

  it("reopen a job from its recorded wire body (Run again): real delimiters become notation, maps become rows", () => {
    const values = composed();
    const { Type: _type, ...members } = toInitiateJobParameters(values);
    const url = new URL(shareLinkPath("select", { vault: values.vault, ...members }), "http://thaw.local");
    const decoded = decodeSelectShareLink(url.searchParams, emptySelectJob());
    const expected = structuredClone(values);
    // The generic codec leaves out empty strings, so a tag with an empty value is the one thing lost;
    // and a map puts integer-like keys first, so rows are compared by key.
    const byKey = (rows: { Key: string; Value: string }[]) =>
      [...rows].sort((a, b) => a.Key.localeCompare(b.Key));
    expected.OutputLocation.S3.Tagging = byKey(
      values.OutputLocation.S3.Tagging.filter((t) => t.Value !== ""),
    );
    decoded.values.OutputLocation.S3.Tagging = byKey(decoded.values.OutputLocation.S3.Tagging);
    expect(decoded.values).toEqual(expected);
    expect(toInitiateJobParameters(decoded.values)).toEqual(toInitiateJobParameters(expected));
  });

  it("leave an empty wizard's link short: only the defaults that carry meaning", () => {
    const url = new URL(selectShareLinkPath(emptySelectJob("reports")), "http://thaw.local");
    expect([...url.searchParams.keys()]).toEqual(["vault", "Tier", "SelectParameters.ExpressionType"]);
  });
});
