import { describe, expect, it } from "vitest";
import { formatBytes, formatCount, formatUtc, formatUtcCompact } from "./format";

describe("formatBytes", () => {
  it.each([
    [0, "0 B"],
    [1023, "1023 B"],
    [1024, "1.00 KiB"],
    [1536, "1.50 KiB"],
    [5.5 * 1024 * 1024, "5.50 MiB"],
    [250 * 1024 ** 3, "250 GiB"],
    [null, "—"],
  ])("%s → %s", (n, s) => expect(formatBytes(n)).toBe(s));
});

describe("formatCount and formatUtc", () => {
  it("groups thousands", () => expect(formatCount(100000)).toBe("100,000"));
  it("prints UTC minutes", () => expect(formatUtc("2012-03-20T17:03:43.221Z")).toBe("2012-03-20 17:03 UTC"));
  it("passes an unparseable date through", () => expect(formatUtc("soon")).toBe("soon"));
});

describe("formatUtcCompact", () => {
  it("keeps the whole ISO date and the minute, drops the zone", () =>
    expect(formatUtcCompact("2012-03-20T17:03:43.221Z")).toBe("2012-03-20 17:03"));
  it("shows a dash for no date", () => expect(formatUtcCompact(null)).toBe("—"));
});
