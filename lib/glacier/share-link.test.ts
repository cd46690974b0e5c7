import { describe, expect, it } from "vitest";
import { emptyArchiveJob } from "./schemas/archive-job";
import { emptyInventoryJob, inventoryJobSchema } from "./schemas/inventory-job";
import {
  decodeShareParams,
  encodeShareParams,
  MAX_LINK_ARRAY_ITEMS,
  MAX_SHARE_LINK_LENGTH,
  queryString,
  shareLinkOverLimit,
  shareLinkPath,
} from "./share-link";

const LONG_SQL = `SELECT s._1, s._2, CAST(s._3 AS INT) AS "amount; 'quoted' & more" FROM archive s WHERE s._1 LIKE '%+100% café' AND s._2 <> '#frag?x=1&y=2' -- ${"pad ".repeat(2000)}`;

/** A select-like template: nested objects, an array of grants, a boolean. */
const selectTemplate = {
  vault: "",
  ArchiveId: "",
  SelectParameters: {
    Expression: "",
    InputSerialization: { csv: { FileHeaderInfo: "", FieldDelimiter: "" } },
  },
  OutputLocation: {
    S3: {
      BucketName: "",
      AccessControlList: [] as { Grantee: { Type: string; ID: string }; Permission: string }[],
      Tagging: [] as { key: string; value: string }[],
    },
  },
  preview: false,
};
const arrayItems = {
  "OutputLocation.S3.AccessControlList": { Grantee: { Type: "", ID: "" }, Permission: "" },
  "OutputLocation.S3.Tagging": { key: "", value: "" },
};

function roundTrip<T extends Record<string, unknown>>(values: T, template: T) {
  const url = new URL(`http://thaw.test${shareLinkPath("select", values, { connection: "Prod (eu)" })}`);
  return decodeShareParams(url.searchParams, template, { arrayItems });
}

describe("share links", () => {
  it("names parameters after the InitiateJob fields", () => {
    const path = shareLinkPath("archive", {
      ...emptyArchiveJob("photos", "abc-123"),
      Tier: "Bulk",
      RetrievalByteRange: "0-1048575",
    });
    expect(path).toBe(
      "/jobs/new/archive?vault=photos&ArchiveId=abc-123&RetrievalByteRange=0-1048575&Tier=Bulk",
    );
  });

  it("uses dotted names for nested members and names the connection, never more of it", () => {
    const params = encodeShareParams(
      {
        ...emptyInventoryJob("docs"),
        InventoryRetrievalParameters: {
          StartDate: "2024-01-01T00:00:00Z",
          EndDate: "",
          Limit: "10",
          Marker: "",
        },
      },
      { connection: "Local Glacier" },
    );
    expect([...params.keys()]).toEqual([
      "connection",
      "vault",
      "Format",
      "InventoryRetrievalParameters.StartDate",
      "InventoryRetrievalParameters.Limit",
    ]);
  });

  it("round-trips inventory values exactly", () => {
    const values = {
      ...emptyInventoryJob("docs"),
      Format: "CSV",
      Description: "a & b = c?",
      InventoryRetrievalParameters: {
        StartDate: "2024-01-01T00:00:00Z",
        EndDate: "2024-02-01T00:00:00Z",
        Limit: "10",
        Marker: "m+/=",
      },
    };
    const url = new URL(
      `http://thaw.test${shareLinkPath("inventory", values, { connection: "Local Glacier" })}`,
    );
    const decoded = decodeShareParams(url.searchParams, emptyInventoryJob());
    expect(decoded.values).toEqual(values);
    expect(decoded.connection).toBe("Local Glacier");
    expect(decoded.fields).toContain("InventoryRetrievalParameters.Marker");
  });

  it("round-trips a long SQL expression, arrays and booleans", () => {
    const values = {
      ...selectTemplate,
      vault: "reports",
      ArchiveId: "-starts-with-dash",
      SelectParameters: {
        Expression: LONG_SQL,
        InputSerialization: { csv: { FileHeaderInfo: "USE", FieldDelimiter: "\t" } },
      },
      OutputLocation: {
        S3: {
          BucketName: "my-bucket",
          AccessControlList: [
            { Grantee: { Type: "CanonicalUser", ID: "abc" }, Permission: "READ" },
            { Grantee: { Type: "Group", ID: "" }, Permission: "WRITE" },
          ],
          Tagging: [{ key: "team.name", value: "data=ops" }],
        },
      },
      preview: true,
    };
    const decoded = roundTrip(values, selectTemplate);
    expect(decoded.values).toEqual(values);
    expect(decoded.values.SelectParameters.Expression).toHaveLength(LONG_SQL.length);
  });

  it("ignores unknown keys and anything aimed at a prototype", () => {
    const decoded = decodeShareParams(
      new URLSearchParams(
        "vault=v&Bogus=1&vault.x=2&__proto__.polluted=1&constructor.prototype.polluted=1&InventoryRetrievalParameters=flat&InventoryRetrievalParameters.Nope=1",
      ),
      emptyInventoryJob(),
    );
    expect(decoded.values).toEqual(emptyInventoryJob("v"));
    expect(decoded.fields).toEqual(["vault"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("keeps bad values as they are, so the schema reports them at their fields", () => {
    const decoded = decodeShareParams(
      new URLSearchParams(
        "vault=no%20such%20vault!&Format=XML&InventoryRetrievalParameters.Limit=-3&InventoryRetrievalParameters.StartDate=yesterday",
      ),
      emptyInventoryJob(),
    );
    const result = inventoryJobSchema.safeParse(decoded.values);
    const paths = result.error?.issues.map((i) => i.path.join(".")).sort();
    expect(paths).toEqual([
      "Format",
      "InventoryRetrievalParameters.Limit",
      "InventoryRetrievalParameters.StartDate",
      "vault",
    ]);
    const bools = decodeShareParams(new URLSearchParams("preview=maybe"), selectTemplate, { arrayItems });
    expect(bools.values.preview).toBe("maybe");
  });

  it("never throws and never allocates a huge array for a tampered index", () => {
    const hostile = new URLSearchParams(
      "OutputLocation.S3.AccessControlList.99999999.Permission=READ&OutputLocation.S3.AccessControlList.x.Permission=READ&OutputLocation.S3.AccessControlList.1=flat&OutputLocation.S3.AccessControlList.0.Grantee=flat&..=1&=2&OutputLocation.S3.AccessControlList.3.Grantee.ID=z",
    );
    const decoded = decodeShareParams(hostile, selectTemplate, { arrayItems });
    const acl = decoded.values.OutputLocation.S3.AccessControlList;
    expect(acl.length).toBeLessThanOrEqual(MAX_LINK_ARRAY_ITEMS);
    expect(acl[3]).toEqual({ Grantee: { Type: "", ID: "z" }, Permission: "" });
    expect(acl[0]).toEqual({ Grantee: { Type: "", ID: "" }, Permission: "" });
  });

  it("accepts Next's searchParams object (first value of a repeated key)", () => {
    const decoded = decodeShareParams(
      { vault: ["a", "b"], Tier: "Bulk", nothing: undefined },
      emptyArchiveJob(),
    );
    expect(decoded.values.vault).toBe("a");
    expect(decoded.values.Tier).toBe("Bulk");
    expect(queryString({ vault: "a", Tier: "Bulk" })).toBe("vault=a&Tier=Bulk");
  });

  it("does not change the template it decodes against", () => {
    const template = emptyArchiveJob();
    decodeShareParams(new URLSearchParams("vault=x"), template);
    expect(template.vault).toBe("");
  });
});

describe("share link length", () => {
  const selectLink = (expression: string) =>
    shareLinkPath(
      "select",
      { vault: "reports", SelectParameters: { Expression: expression } },
      { connection: "Demo" },
    );

  it("lets a link up to the measured limit through, path or full URL", () => {
    const fits = selectLink(`SELECT * FROM archive s WHERE s._1 = '${"x".repeat(14_000)}'`);
    expect(fits.length).toBeLessThanOrEqual(MAX_SHARE_LINK_LENGTH);
    expect(shareLinkOverLimit(fits)).toBeNull();
    expect(shareLinkOverLimit(`https://thaw.example.com:8443${fits}`)).toBeNull();
  });

  it("flags a long SQL expression, which percent-encoding lengthens", () => {
    // 12,800 characters of SQL: each `=` and `'` takes three characters in the link.
    const link = selectLink(`SELECT * FROM archive s WHERE ${"s._1 = 'a b' OR ".repeat(800)}s._1 = ''`);
    const over = shareLinkOverLimit(`http://127.0.0.1:3100${link}`);
    expect(over).toEqual({ length: link.length, limit: MAX_SHARE_LINK_LENGTH });
    expect(link.length).toBeGreaterThan(MAX_SHARE_LINK_LENGTH);
  });
});
