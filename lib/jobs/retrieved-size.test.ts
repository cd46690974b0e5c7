import { describe, expect, it } from "vitest";
import { MIB } from "@/lib/glacier/byte-range";
import { rangedFileName } from "@/lib/glacier/descriptions";
import { retrievalRangeOf, retrievedBytesOf } from "./retrieved-size";

const SIZE = 5 * MIB + 512 * 1024;
const row = (over: Partial<Parameters<typeof retrievedBytesOf>[0]>) => ({
  job_type: "archive-retrieval" as const,
  last_description: null,
  parameters: "{}",
  size_bytes: null,
  output_size_bytes: null,
  ...over,
});

describe("a job's retrieved size (one home for list, overview and cost)", () => {
  it("counts the range Thaw sent before Glacier described the job", () => {
    const sent = row({ parameters: JSON.stringify({ RetrievalByteRange: `${MIB}-${2 * MIB - 1}` }) });
    expect(retrievedBytesOf(sent)).toBe(MIB);
    expect(retrievalRangeOf(sent)).toEqual({ start: MIB, end: 2 * MIB - 1 });
  });

  it("prefers Glacier's description, and a range spanning every byte is the whole archive", () => {
    const whole = row({
      size_bytes: SIZE,
      last_description: JSON.stringify({ RetrievalByteRange: `0-${SIZE - 1}` }),
    });
    expect(retrievalRangeOf(whole)).toBeNull();
    expect(retrievedBytesOf(whole)).toBe(SIZE);
    const described = row({
      size_bytes: SIZE,
      parameters: "{}",
      last_description: JSON.stringify({ RetrievalByteRange: `0-${MIB - 1}` }),
    });
    expect(retrievedBytesOf(described)).toBe(MIB);
  });

  it("leaves other job types at their own size", () => {
    expect(retrievedBytesOf(row({ job_type: "select", size_bytes: 42 }))).toBe(42);
    expect(retrievalRangeOf(row({ job_type: "inventory-retrieval", size_bytes: 42 }))).toBeNull();
  });

  it("names a ranged file after the archive and the inclusive range", () => {
    expect(rangedFileName("birthday-2020.mp4", { start: MIB, end: 2 * MIB - 1 })).toBe(
      "birthday-2020.mp4.bytes-1048576-2097151",
    );
    expect(rangedFileName("birthday-2020.mp4", null)).toBe("birthday-2020.mp4");
  });
});
