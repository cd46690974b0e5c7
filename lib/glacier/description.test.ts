import { describe, expect, it } from "vitest";
import {
  checkDescription,
  descriptionByteLength,
  MAX_DESCRIPTION_BYTES,
  stripLeadingSpaces,
} from "./description";

describe("checkDescription", () => {
  it("accepts printable ASCII up to 1024 bytes, including the edges 0x20 and 0x7E", () => {
    expect(checkDescription("")).toEqual({ ok: true });
    expect(checkDescription(" my archive ~")).toEqual({ ok: true });
    expect(checkDescription("x".repeat(MAX_DESCRIPTION_BYTES))).toEqual({ ok: true });
  });

  it("rejects 1025 bytes and reports where the limit was crossed", () => {
    const result = checkDescription("x".repeat(1025));
    expect(result).toMatchObject({ ok: false, problem: "too-long", index: 1024 });
    expect(result.ok ? "" : result.message).toContain("1024");
  });

  it.each([
    ["tab", "ab\tc", 2, "U+0009"],
    ["newline", "line\n", 4, "U+000A"],
    ["DEL", "a\u007f", 1, "U+007F"],
    ["non-ASCII", "photo-été", 6, '"é" (U+00E9)'],
    ["emoji", "a😀b", 1, '"😀" (U+1F600)'],
  ])("rejects %s with the offending position", (_name, text, index, shown) => {
    const result = checkDescription(text, "ArchiveDescription");
    expect(result).toMatchObject({ ok: false, problem: "non-printable", index });
    if (result.ok) return;
    expect(result.message).toContain(shown);
    expect(result.message).toContain(`position ${index + 1}`);
    expect(result.message.startsWith("ArchiveDescription")).toBe(true);
  });

  it("reports a bad character before the length", () => {
    expect(checkDescription("é".repeat(600))).toMatchObject({
      ok: false,
      problem: "non-printable",
      index: 0,
    });
  });
});

describe("descriptionByteLength", () => {
  it("counts UTF-8 bytes for the live counter", () => {
    expect(descriptionByteLength("abc")).toBe(3);
    expect(descriptionByteLength("é")).toBe(2);
    expect(descriptionByteLength("€")).toBe(3);
    expect(descriptionByteLength("😀")).toBe(4);
    expect(descriptionByteLength("photos/été.jpg")).toBe(Buffer.byteLength("photos/été.jpg"));
  });
});

describe("stripLeadingSpaces", () => {
  it("removes only leading spaces", () => {
    expect(stripLeadingSpaces("   a b  ")).toBe("a b  ");
    expect(stripLeadingSpaces("\ta")).toBe("\ta");
  });
});
