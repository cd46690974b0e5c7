import { describe, expect, it } from "vitest";
import {
  daysInMonth,
  formatGlacierDate,
  formatInventoryDate,
  normalizeUtcInput,
  isGlacierDate,
  parseGlacierDate,
} from "./dates";

describe("parseGlacierDate", () => {
  it.each([
    ["2013-03-20T17:03:43Z", "2013-03-20T17:03:43.000Z"],
    ["2012-03-20T17:03:43.221Z", "2012-03-20T17:03:43.221Z"],
    ["2012-03-20T17:03:43.2Z", "2012-03-20T17:03:43.200Z"],
    ["2012-03-20T17:03:43.123456789Z", "2012-03-20T17:03:43.123Z"],
    ["2024-02-29T00:00:00Z", "2024-02-29T00:00:00.000Z"],
    ["2000-02-29T23:59:59Z", "2000-02-29T23:59:59.000Z"],
    ["0099-01-01T00:00:00Z", "0099-01-01T00:00:00.000Z"],
  ])("accepts %s", (text, iso) => {
    const result = parseGlacierDate(text);
    expect(result.ok && result.date.toISOString()).toBe(iso);
  });

  it.each([
    "2013-02-30T00:00:00Z",
    "2023-02-29T00:00:00Z",
    "1900-02-29T00:00:00Z",
    "2013-04-31T00:00:00Z",
    "2013-13-01T00:00:00Z",
    "2013-00-01T00:00:00Z",
    "2013-01-00T00:00:00Z",
    "2013-01-01T24:00:00Z",
    "2013-01-01T23:60:00Z",
    "2013-01-01T23:59:60Z",
    "2013-03-20T17:03:43",
    "2013-03-20 17:03:43Z",
    "2013-03-20T17:03:43z",
    "2013-03-20t17:03:43Z",
    "2013-03-20T17:03Z",
    "2013-03-20",
    "2013-3-20T17:03:43Z",
    "2013-03-20T17:03:43.Z",
    "20130320T170343Z",
    " 2013-03-20T17:03:43Z",
    "",
  ])("rejects %j", (text) => {
    expect(isGlacierDate(text)).toBe(false);
  });

  it("refuses offsets with a message asking for UTC Z", () => {
    for (const text of [
      "2013-03-20T17:03:43+02:00",
      "2013-03-20T17:03:43-0500",
      "2013-03-20T17:03:43.5+00:00",
    ]) {
      const result = parseGlacierDate(text);
      expect(result.ok).toBe(false);
      expect(result.ok ? "" : result.message).toContain("ending in Z");
    }
  });
});

describe("daysInMonth", () => {
  it("knows leap years", () => {
    expect([2024, 2023, 2000, 1900].map((y) => daysInMonth(y, 2))).toEqual([29, 28, 29, 28]);
    expect(daysInMonth(2023, 4)).toBe(30);
    expect(daysInMonth(2023, 12)).toBe(31);
  });
});

describe("formatting", () => {
  const date = new Date(Date.UTC(2012, 2, 20, 17, 3, 43, 221));
  it("formats job dates with milliseconds", () => {
    expect(formatGlacierDate(date)).toBe("2012-03-20T17:03:43.221Z");
    expect(formatGlacierDate(new Date(Date.UTC(2012, 0, 1)))).toBe("2012-01-01T00:00:00.000Z");
  });

  it("formats inventory dates to the second, truncating", () => {
    expect(formatInventoryDate(date)).toBe("2012-03-20T17:03:43Z");
    expect(formatInventoryDate(new Date(Date.UTC(2011, 11, 12, 14, 19, 1, 999)))).toBe(
      "2011-12-12T14:19:01Z",
    );
  });

  it("round-trips with the parser", () => {
    const parsed = parseGlacierDate(formatInventoryDate(date));
    expect(parsed.ok && parsed.date.getTime()).toBe(Date.UTC(2012, 2, 20, 17, 3, 43));
  });

  it("throws on dates it cannot write", () => {
    expect(() => formatGlacierDate(new Date(NaN))).toThrow(RangeError);
    expect(() => formatInventoryDate(new Date(Date.UTC(10000, 0, 1)))).toThrow(RangeError);
  });
});

describe("normalizeUtcInput", () => {
  it("writes what a person types as Glacier's UTC string, and leaves anything else as typed", () => {
    expect(normalizeUtcInput("2024-06-01")).toBe("2024-06-01T00:00:00Z");
    expect(normalizeUtcInput(" 2024-06-01 09:30 ")).toBe("2024-06-01T09:30:00Z");
    expect(normalizeUtcInput("2024-06-01T09:30:15")).toBe("2024-06-01T09:30:15Z");
    expect(normalizeUtcInput("2024-06-01T09:30:15.250Z")).toBe("2024-06-01T09:30:15.250Z");
    expect(normalizeUtcInput("2024-06-01 09:30 UTC")).toBe("2024-06-01T09:30:00Z");
    expect(normalizeUtcInput("")).toBe("");
    // An offset or a locale format is not guessed at: the rule then names the value.
    expect(normalizeUtcInput("2024-06-01T09:30:00+02:00")).toBe("2024-06-01T09:30:00+02:00");
    expect(normalizeUtcInput("06/01/2024, 12:00:00 AM")).toBe("06/01/2024, 12:00:00 AM");
  });
});
