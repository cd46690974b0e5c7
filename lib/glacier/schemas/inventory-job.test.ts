import { describe, expect, it } from "vitest";
import {
  emptyInventoryJob,
  type InventoryJobValues,
  inventoryJobSchema,
  toInitiateJobParameters,
} from "./inventory-job";

type Overrides = Partial<Omit<InventoryJobValues, "InventoryRetrievalParameters">> & {
  InventoryRetrievalParameters?: Partial<InventoryJobValues["InventoryRetrievalParameters"]>;
};

function job(overrides: Overrides = {}): InventoryJobValues {
  const base = emptyInventoryJob("photos");
  return {
    ...base,
    ...overrides,
    InventoryRetrievalParameters: {
      ...base.InventoryRetrievalParameters,
      ...overrides.InventoryRetrievalParameters,
    },
  };
}

/** The field → message map the wizard shows, or {} when the input is valid. */
function errors(input: unknown): Record<string, string> {
  const result = inventoryJobSchema.safeParse(input);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
}

const IRP = "InventoryRetrievalParameters";

describe("inventory job schema", () => {
  it("accepts an empty inventory of a vault and sends only Type and the default Format", () => {
    const parsed = inventoryJobSchema.parse(job());
    expect(toInitiateJobParameters(parsed)).toEqual({ Type: "inventory-retrieval", Format: "JSON" });
  });

  it("sends every filled member with its wire name and leaves empty ones out", () => {
    const parsed = inventoryJobSchema.parse(
      job({
        Format: "CSV",
        Description: "weekly inventory",
        SNSTopic: "arn:aws:sns:us-east-1:123456789012:thaw-jobs",
        InventoryRetrievalParameters: { StartDate: "2024-01-01T00:00:00Z", Limit: "500" },
      }),
    );
    expect(toInitiateJobParameters(parsed)).toEqual({
      Type: "inventory-retrieval",
      Format: "CSV",
      Description: "weekly inventory",
      SNSTopic: "arn:aws:sns:us-east-1:123456789012:thaw-jobs",
      InventoryRetrievalParameters: { StartDate: "2024-01-01T00:00:00Z", Limit: "500" },
    });
  });

  it("fills members an old draft or a short link lacks", () => {
    expect(errors({ vault: "photos" })).toEqual({});
  });

  describe("vault", () => {
    it.each(["photos", "a", "Vault_1.2-x", "x".repeat(255)])("accepts %s", (vault) => {
      expect(errors(job({ vault }))).toEqual({});
    });
    it.each([
      ["", "Choose a vault"],
      ["my vault", "not allowed"],
      ["x".repeat(256), "at most 255"],
      ["é", "not allowed"],
    ])("refuses %j", (vault, message) => {
      expect(errors(job({ vault })).vault).toContain(message);
    });
  });

  describe("Format", () => {
    it.each(["CSV", "JSON"])("accepts %s", (Format) => expect(errors(job({ Format }))).toEqual({}));
    it.each(["csv", "XML", ""])("refuses %j", (Format) => {
      // "" reaches Glacier as an absent member (default JSON), so only non-empty values can be wrong.
      if (Format === "") expect(errors(job({ Format }))).toEqual({});
      else expect(errors(job({ Format })).Format).toMatch(/Valid values are CSV, JSON/);
    });
  });

  describe("dates", () => {
    it.each(["2024-02-29T23:59:59Z", "2013-03-20T17:03:43.221Z"])("accepts ISO 8601 UTC %s", (StartDate) => {
      expect(errors(job({ InventoryRetrievalParameters: { StartDate } }))).toEqual({});
    });
    it.each([
      ["2024-02-30T00:00:00Z", "no such calendar day"],
      ["2024-01-01T00:00:00+02:00", "in UTC"],
      ["2024-01-01 00:00:00Z", "expected ISO 8601"],
      ["yesterday", "expected ISO 8601"],
      ["2024-01-01T24:00:00Z", "no such time of day"],
    ])("refuses %s", (StartDate, message) => {
      expect(errors(job({ InventoryRetrievalParameters: { StartDate } }))[`${IRP}.StartDate`]).toContain(
        message,
      );
      expect(
        errors(job({ InventoryRetrievalParameters: { EndDate: StartDate } }))[`${IRP}.EndDate`],
      ).toContain(message);
    });
    it("wants the start before the end", () => {
      const same = job({
        InventoryRetrievalParameters: { StartDate: "2024-01-01T00:00:00Z", EndDate: "2024-01-01T00:00:00Z" },
      });
      // The screen's labels first, then the API path and AWS's error code as the detail line.
      expect(errors(same)[`${IRP}.EndDate`]).toBe(
        `Created before (UTC) must be later than Created from (UTC)\n${IRP}.EndDate · InvalidParameterValueException`,
      );
      const reversed = job({
        InventoryRetrievalParameters: { StartDate: "2024-02-01T00:00:00Z", EndDate: "2024-01-01T00:00:00Z" },
      });
      expect(errors(reversed)[`${IRP}.EndDate`]).toContain("must be later than Created from (UTC)");
      const ordered = job({
        InventoryRetrievalParameters: { StartDate: "2024-01-01T00:00:00Z", EndDate: "2024-01-01T00:00:01Z" },
      });
      expect(errors(ordered)).toEqual({});
    });
    it("accepts either bound alone", () => {
      expect(errors(job({ InventoryRetrievalParameters: { EndDate: "2024-01-01T00:00:00Z" } }))).toEqual({});
    });
  });

  describe("Limit", () => {
    it.each(["1", "10000", "9007199254740991"])("accepts %s", (Limit) => {
      expect(errors(job({ InventoryRetrievalParameters: { Limit } }))).toEqual({});
    });
    it.each(["0", "-1", "1.5", "ten", " 5", "9007199254740993"])("refuses %j", (Limit) => {
      expect(errors(job({ InventoryRetrievalParameters: { Limit } }))[`${IRP}.Limit`]).toContain(
        "at least 1",
      );
    });
  });

  it("passes a Marker through unchanged", () => {
    const parsed = inventoryJobSchema.parse(
      job({
        InventoryRetrievalParameters: {
          Marker:
            "vyS0t2jHQe5qbcDggIeD50chS1SXwYMrkVKo0KHiTUjEYxBGCqRLKaiySzdN7QXGVVV5XZpNVG67pCZ_uykQXFMLaxOSu2hO_-5C0AtWMDrfo7LgVOyfnveDRuOSecUo3Ueq7K0",
        },
      }),
    );
    expect(toInitiateJobParameters(parsed).InventoryRetrievalParameters).toEqual({
      Marker:
        "vyS0t2jHQe5qbcDggIeD50chS1SXwYMrkVKo0KHiTUjEYxBGCqRLKaiySzdN7QXGVVV5XZpNVG67pCZ_uykQXFMLaxOSu2hO_-5C0AtWMDrfo7LgVOyfnveDRuOSecUo3Ueq7K0",
    });
  });

  describe("Description", () => {
    it.each(["", " leading space", "~!@#$%^&*()_+{}|:\"<>?`-=[]\\;',./", "x".repeat(1024)])(
      "accepts %j",
      (Description) => {
        expect(errors(job({ Description }))).toEqual({});
      },
    );
    it.each([
      ["x".repeat(1025), "at most 1024 bytes"],
      ["café", "printable ASCII"],
      ["tab\there", "printable ASCII"],
      ["line\nbreak", "printable ASCII"],
      ["\u007f", "printable ASCII"],
    ])("refuses %j", (Description, message) => {
      expect(errors(job({ Description })).Description).toContain(message);
    });
  });

  describe("SNSTopic", () => {
    it.each([
      "arn:aws:sns:us-east-1:123456789012:my-topic",
      "arn:aws-cn:sns:cn-north-1:123456789012:t.fifo",
      "arn:aws-us-gov:sns:us-gov-west-1:123456789012:T_1",
    ])("accepts %s", (SNSTopic) => expect(errors(job({ SNSTopic }))).toEqual({}));
    it.each([
      ["my-topic", "expected the form"],
      ["arn:aws:sqs:us-east-1:123456789012:q", 'service must be "sns"'],
      ["arn:aws:sns:us-east-1:12345:t", "12 digits"],
      ["arn:aws:sns:useast:123456789012:t", "not a region"],
      ["arn:aws:sns:us-east-1:123456789012:bad name", "topic name"],
      [`arn:aws:sns:us-east-1:123456789012:${"t".repeat(257)}`, "at most 256"],
    ])("refuses %s", (SNSTopic, message) => {
      expect(errors(job({ SNSTopic })).SNSTopic).toContain(message);
    });
  });

  it("reports a wrongly typed member (a tampered post) at its field instead of throwing", () => {
    expect(errors({ ...job(), Description: 5 }).Description).toBeDefined();
    expect(errors({ ...job(), InventoryRetrievalParameters: "all" })[IRP]).toBeDefined();
  });
});
