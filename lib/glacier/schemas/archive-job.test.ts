import { describe, expect, it } from "vitest";
import { MIB } from "../byte-range";
import {
  type ArchiveJobValues,
  archiveJobSchema,
  archiveJobSchemaFor,
  emptyArchiveJob,
  toInitiateJobParameters,
} from "./archive-job";

const ID =
  "-Qf7LQzEX5bUZkQLuTfFMOvnAYz5GCuUdHfREW_aU4sGZ8n4wWgR3bJKupA2zFnj9wJNYoRq6UPfZq3LbTP9zx0r6SBBHgRrNeGsO6nK9b0xGzwAt8";

function job(overrides: Partial<ArchiveJobValues> = {}): ArchiveJobValues {
  return { ...emptyArchiveJob("photos", ID), ...overrides };
}

function errors(input: unknown, schema = archiveJobSchema): Record<string, string> {
  const result = schema.safeParse(input);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
}

describe("archive job schema", () => {
  it("sends the archive id and the explicit default tier", () => {
    expect(toInitiateJobParameters(archiveJobSchema.parse(job()))).toEqual({
      Type: "archive-retrieval",
      ArchiveId: ID,
      Tier: "Standard",
    });
  });

  it("trims a pasted id (a copied line ends in a newline)", () => {
    expect(archiveJobSchema.parse(job({ ArchiveId: `  ${ID}\n` })).ArchiveId).toBe(ID);
  });

  describe("ArchiveId", () => {
    it("is required", () =>
      expect(errors(job({ ArchiveId: "" })).ArchiveId).toBe(
        "Archive id is required\nArchiveId · MissingParameterValueException",
      ));
    it("has no inner whitespace", () =>
      expect(errors(job({ ArchiveId: "abc def" })).ArchiveId).toContain("no whitespace"));
    it("may start with a dash", () => expect(errors(job({ ArchiveId: "-abc" }))).toEqual({}));
  });

  describe("Tier", () => {
    it.each(["Expedited", "Standard", "Bulk"])("accepts %s", (Tier) => {
      expect(toInitiateJobParameters(archiveJobSchema.parse(job({ Tier }))).Tier).toBe(Tier);
    });
    it.each(["bulk", "Fast"])("refuses %s", (Tier) =>
      expect(errors(job({ Tier })).Tier).toContain("Valid values are Expedited, Standard, Bulk"),
    );
  });

  describe("RetrievalByteRange", () => {
    it("is left out for the whole archive", () => {
      expect(
        toInitiateJobParameters(archiveJobSchema.parse(job({ RetrievalByteRange: "" }))),
      ).not.toHaveProperty("RetrievalByteRange");
    });
    it.each([`0-${MIB - 1}`, `${MIB}-${3 * MIB - 1}`, `${2 * MIB}-${2 * MIB + 99}`])(
      "accepts megabyte-aligned %s without the archive size",
      (RetrievalByteRange) => {
        expect(errors(job({ RetrievalByteRange }))).toEqual({});
      },
    );
    it.each([
      ["1-1048576", "not megabyte aligned"],
      ["100-200", "not megabyte aligned"],
      ["0-", "must be whole numbers"],
      ["5-1", "must not be after the end"],
      ["abc", "expected the form StartByte-EndByte"],
      ["-1-5", "expected the form StartByte-EndByte"],
    ])("refuses %s", (RetrievalByteRange, message) => {
      expect(errors(job({ RetrievalByteRange })).RetrievalByteRange).toContain(message);
    });
    it("judges the end against the archive's size when it is known", () => {
      const size = 3 * MIB + 500;
      const sized = archiveJobSchemaFor({ archiveSize: size });
      expect(errors(job({ RetrievalByteRange: `${2 * MIB}-${size - 1}` }), sized)).toEqual({});
      expect(errors(job({ RetrievalByteRange: `0-${MIB + 5}` }), sized).RetrievalByteRange).toContain(
        "not megabyte aligned",
      );
      expect(errors(job({ RetrievalByteRange: `0-${4 * MIB - 1}` }), sized).RetrievalByteRange).toContain(
        "outside the archive",
      );
      // Without the size, an end that is not just before a MiB boundary may be the last byte.
      expect(errors(job({ RetrievalByteRange: `0-${MIB + 5}` }))).toEqual({});
    });
  });

  it("shares Description and SNSTopic rules with the other job types", () => {
    expect(errors(job({ Description: "ü" })).Description).toContain("printable ASCII");
    expect(errors(job({ SNSTopic: "topic" })).SNSTopic).toContain("Invalid SNS topic ARN");
  });
});
