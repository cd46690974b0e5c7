import { describe, expect, it } from "vitest";
import { MIB, alignedChunk, isPowerOfTwoMiB, isTreeHashAligned } from "./byte-range";
import {
  S3_LIMITS,
  S3_MAX_OBJECT_SIZE,
  S3_MAX_PARTS,
  S3_MAX_PART_SIZE,
  S3_MIN_PART_SIZE,
  type S3Limits,
  s3DestinationProblem,
  s3PartCount,
  s3PartSizeFor,
} from "./s3-part-size";

const GIB = 1024 * MIB;
const TIB = 1024 * GIB;

describe("S3's multipart limits (docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html)", () => {
  it("are 10 000 parts of 5 MiB to 5 GiB and objects up to 5 TiB", () => {
    expect([S3_MAX_PARTS, S3_MIN_PART_SIZE, S3_MAX_PART_SIZE, S3_MAX_OBJECT_SIZE]).toEqual([
      10_000, 5_242_880, 5_368_709_120, 5_497_558_138_880,
    ]);
  });
});

describe("s3PartSizeFor: the smallest power-of-two MiB part (≥ 8 MiB) that fits in 10 000 parts", () => {
  it.each([
    ["empty", 0, 8 * MIB],
    ["1 MiB", MIB, 8 * MIB],
    ["8 MiB + 1", 8 * MIB + 1, 8 * MIB],
    ["1 GiB", GIB, 8 * MIB],
    ["78.125 GiB, exactly 10 000 × 8 MiB", 10_000 * 8 * MIB, 8 * MIB],
    ["78.125 GiB + 1 byte", 10_000 * 8 * MIB + 1, 16 * MIB],
    ["100 GiB", 100 * GIB, 16 * MIB],
    ["156.25 GiB, exactly 10 000 × 16 MiB", 10_000 * 16 * MIB, 16 * MIB],
    ["156.25 GiB + 1 byte", 10_000 * 16 * MIB + 1, 32 * MIB],
    ["500 GiB", 500 * GIB, 64 * MIB],
    ["1 TiB", TIB, 128 * MIB],
    ["5 TiB − 1 byte", 5 * TIB - 1, GIB],
    ["5 TiB, the object limit", 5 * TIB, GIB],
    ["5 TiB + 1 byte, over the object limit", 5 * TIB + 1, null],
    ["40 TiB, Glacier's largest archive", 40 * TIB, null],
  ])("%s (%i bytes) → %s", (_name, size, part) => {
    expect(s3PartSizeFor(size)).toBe(part);
  });

  it("never needs more than 10 000 parts, and half the part would (or be under 8 MiB), from 1 MiB to 5 TiB", () => {
    for (let size = MIB; size <= 5 * TIB; size = Math.ceil(size * 1.37) + 12_345) {
      const part = s3PartSizeFor(size);
      expect(part, `size ${size}`).not.toBeNull();
      if (part === null) continue;
      expect(isPowerOfTwoMiB(part)).toBe(true);
      expect(part).toBeGreaterThanOrEqual(8 * MIB);
      expect(part).toBeLessThanOrEqual(S3_MAX_PART_SIZE);
      expect(s3PartCount(size, part)).toBeLessThanOrEqual(S3_MAX_PARTS);
      expect(part === 8 * MIB || Math.ceil(size / (part / 2)) > S3_MAX_PARTS).toBe(true);
    }
  });

  it("stops at 4 GiB parts (the largest power of two under 5 GiB) when the object limit is lifted", () => {
    const lifted = { ...S3_LIMITS, maxObjectSize: 40 * TIB };
    expect(s3PartSizeFor(10_000 * 4 * GIB, lifted)).toBe(4 * GIB);
    expect(s3PartSizeFor(10_000 * 4 * GIB + 1, lifted)).toBeNull();
    expect(s3PartSizeFor(40 * TIB, lifted)).toBeNull();
  });

  it("refuses sizes that are not byte counts", () => {
    expect(s3PartSizeFor(-1)).toBeNull();
    expect(s3PartSizeFor(1.5)).toBeNull();
    expect(s3PartSizeFor(Number.NaN)).toBeNull();
  });

  describe("with limits lowered, as tests and the emulator lower them", () => {
    const lowered: S3Limits = {
      maxParts: 4,
      minPartSize: 5 * MIB,
      maxPartSize: 64 * MIB,
      maxObjectSize: GIB,
    };
    it.each([
      [32 * MIB, 8 * MIB],
      [32 * MIB + 1, 16 * MIB],
      [128 * MIB, 32 * MIB],
      [256 * MIB, 64 * MIB],
      [256 * MIB + 1, null],
    ])("%i bytes → %s", (size, part) => {
      expect(s3PartSizeFor(size, lowered)).toBe(part);
    });

    it("rounds a raised minimum part size up to a power of two MiB", () => {
      expect(s3PartSizeFor(MIB, { ...lowered, minPartSize: 20 * MIB })).toBe(32 * MIB);
    });
  });
});

describe("s3PartCount", () => {
  it("counts the last short part, and an empty archive as one part", () => {
    expect(s3PartCount(0, 8 * MIB)).toBe(1);
    expect(s3PartCount(8 * MIB, 8 * MIB)).toBe(1);
    expect(s3PartCount(8 * MIB + 1, 8 * MIB)).toBe(2);
  });
});

describe("s3DestinationProblem: why an archive cannot go to an S3 destination", () => {
  it("is null up to the 5 TiB object limit", () => {
    expect(s3DestinationProblem({ size: 5 * TIB })).toBeNull();
    expect(s3DestinationProblem({ size: 0 })).toBeNull();
  });

  it("names the archive, its size and the limit over 5 TiB, and offers a directory or ranged pieces", () => {
    expect(s3DestinationProblem({ size: 40 * TIB, subject: "The largest selected archive" })).toBe(
      "The largest selected archive (40.0 TiB) is larger than S3's 5 TiB object limit; choose a directory destination, or copy it in ranged pieces",
    );
    expect(s3DestinationProblem({ size: 5 * TIB + 1 })).toMatch(
      /^The archive \(5\.00 TiB\) is larger than S3's 5 TiB object limit; choose a directory destination/,
    );
  });

  it("says the lowered limit when a test lowers it", () => {
    const lowered = { ...S3_LIMITS, maxObjectSize: 48 * MIB };
    expect(s3DestinationProblem({ size: 48 * MIB }, lowered)).toBeNull();
    expect(s3DestinationProblem({ size: 48 * MIB + 1 }, lowered)).toMatch(
      /is larger than S3's 48 MiB object limit/,
    );
  });

  it("explains a part limit too low for the archive", () => {
    const lowered = { ...S3_LIMITS, maxParts: 2, maxPartSize: 8 * MIB };
    expect(s3DestinationProblem({ size: 17 * MIB }, lowered)).toBe(
      "The archive (17.0 MiB) needs more than S3's 2 parts of at most 8 MiB; choose a directory destination, or copy it in ranged pieces",
    );
  });
});

describe("alignedChunk: power-of-two MiB chunks are tree-hash nodes (checksum-calculations.html)", () => {
  it.each([
    [MIB, MIB],
    [8 * MIB, 8 * MIB],
    [8 * MIB + 1, 8 * MIB],
    [21 * MIB + 7, 4 * MIB],
    [100 * MIB, 16 * MIB],
    [3 * MIB, 2 * MIB],
  ])("an archive of %i bytes in chunks of %i bytes", (size, chunk) => {
    const chunks = [];
    for (let i = 0; ; i++) {
      const range = alignedChunk(size, chunk, i);
      if (range === null) break;
      chunks.push(range);
    }
    expect(chunks.length).toBe(Math.ceil(size / chunk));
    expect(chunks.at(-1)?.end).toBe(size - 1);
    for (const range of chunks) expect(isTreeHashAligned(range, size)).toBe(true);
  });

  it("refuses chunk sizes that are not a power of two MiB", () => {
    expect(alignedChunk(100 * MIB, 3 * MIB, 0)).toBeNull();
    expect(alignedChunk(100 * MIB, MIB + 1, 0)).toBeNull();
    expect(alignedChunk(100 * MIB, MIB / 2, 0)).toBeNull();
    expect(alignedChunk(100 * MIB, 8 * MIB, -1)).toBeNull();
    expect(isPowerOfTwoMiB(64 * MIB)).toBe(true);
    expect(isPowerOfTwoMiB(0)).toBe(false);
  });
});
