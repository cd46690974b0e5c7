import { describe, expect, it } from "vitest";
import { TreeHasher, treeHash } from "@/lib/glacier/tree-hash";
import { payload } from "@/emulator/testing/harness";
import { chunkRanges, composeTreeHash, MAX_CHUNKS, powerOfTwoChunk } from "./layout";

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
const TIB = 1024 * GIB;

describe("chunk layout", () => {
  it("picks the smallest power-of-two MiB at or above the floor that keeps to 10 000 chunks", () => {
    expect(powerOfTwoChunk(1, 8 * MIB)).toBe(8 * MIB);
    expect(powerOfTwoChunk(10_000 * 8 * MIB, 8 * MIB)).toBe(8 * MIB);
    expect(powerOfTwoChunk(10_000 * 8 * MIB + 1, 8 * MIB)).toBe(16 * MIB);
    expect(powerOfTwoChunk(5 * TIB, 8 * MIB)).toBe(1 * GIB);
    expect(powerOfTwoChunk(40 * TIB, 8 * MIB)).toBe(8 * GIB);
    expect(powerOfTwoChunk(3 * MIB, MIB)).toBe(MIB);
    expect(powerOfTwoChunk(3 * MIB, 3 * MIB)).toBe(4 * MIB);
    for (const size of [1, 78 * GIB, 79 * GIB, 5 * TIB, 40 * TIB]) {
      const chunk = powerOfTwoChunk(size, 8 * MIB);
      expect(Math.ceil(size / chunk)).toBeLessThanOrEqual(MAX_CHUNKS);
      expect(Math.log2(chunk / MIB) % 1).toBe(0);
    }
  });

  it("covers the archive with aligned ranges, the last one shorter, part numbers from 1", () => {
    expect(chunkRanges(2 * MIB + 5, MIB)).toEqual([
      { idx: 0, partNumber: 1, start: 0, end: MIB - 1 },
      { idx: 1, partNumber: 2, start: MIB, end: 2 * MIB - 1 },
      { idx: 2, partNumber: 3, start: 2 * MIB, end: 2 * MIB + 4 },
    ]);
    expect(chunkRanges(0, MIB)).toEqual([]);
    expect(() => chunkRanges(10, 3 * MIB)).toThrow(/power-of-two MiB/);
  });

  it("composes the archive's tree hash from the chunks' tree hashes, whatever the chunk size", () => {
    for (const size of [1, MIB, MIB + 1, 3 * MIB + 5, 4 * MIB, 7 * MIB - 1, 9 * MIB + 3]) {
      const bytes = payload(size, size);
      for (const chunk of [MIB, 2 * MIB, 4 * MIB, 8 * MIB]) {
        const roots = chunkRanges(size, chunk).map((r) =>
          new TreeHasher().update(bytes.subarray(r.start, r.end + 1)).digestHex(),
        );
        expect(composeTreeHash(roots)).toBe(treeHash(bytes));
      }
    }
    expect(composeTreeHash([])).toBe(treeHash(Buffer.alloc(0)));
  });
});
