import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  MIB,
  type ByteRange,
  formatByteRange,
  isMegabyteAligned,
  isOutputTreeHashAligned,
  isTreeHashAligned,
  parseByteRange,
  parseHttpRange,
  snapToMegabytes,
  snapToTreeHash,
} from "./byte-range";
import { combineTreeHashes, TreeHasher, treeHash } from "./tree-hash";

interface TreeNode {
  hash: Buffer;
  firstLeaf: number;
  endLeaf: number;
}

/** Every node of the tree, built level by level exactly as §7.1 describes (odd node promoted). */
function allTreeNodes(leaves: readonly Buffer[]): TreeNode[] {
  let level: TreeNode[] = leaves.map((hash, i) => ({ hash, firstLeaf: i, endLeaf: i + 1 }));
  const nodes = [...level];
  while (level.length > 1) {
    const next: TreeNode[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i];
      const right = level[i + 1];
      if (!left) throw new Error("unreachable");
      if (!right) {
        next.push(left);
        continue;
      }
      const hash = createHash("sha256").update(left.hash).update(right.hash).digest();
      const node = { hash, firstLeaf: left.firstLeaf, endLeaf: right.endLeaf };
      next.push(node);
      nodes.push(node);
    }
    level = next;
  }
  return nodes;
}

function leafRange(first: number, last: number, size: number): ByteRange {
  return { start: first * MIB, end: Math.min((last + 1) * MIB, size) - 1 };
}

/** Brute force: hash just the range's leaves and look the root up among the archive's nodes. */
function bruteForceAligned(size: number): Map<string, boolean> {
  const leaves = Array.from({ length: Math.ceil(size / MIB) }, () => randomBytes(32));
  const nodes = allTreeNodes(leaves);
  const root = nodes.at(-1)?.hash ?? Buffer.alloc(0);
  expect(root.equals(combineTreeHashes(leaves))).toBe(true);
  const nodeHashes = new Set(nodes.map((n) => n.hash.toString("hex")));
  const result = new Map<string, boolean>();
  for (let a = 0; a < leaves.length; a++) {
    for (let b = a; b < leaves.length; b++) {
      const rangeRoot = combineTreeHashes(leaves.slice(a, b + 1)).toString("hex");
      result.set(formatByteRange(leafRange(a, b, size)), nodeHashes.has(rangeRoot));
    }
  }
  return result;
}

const SIZES_1_TO_40_MIB = Array.from({ length: 40 }, (_, i) => i + 1).flatMap((n) => [
  n * MIB,
  n * MIB - 12_345,
]);

describe("parseByteRange", () => {
  it("parses a strict start-end pair", () => {
    expect(parseByteRange("2097152-4194303")).toEqual({ ok: true, range: { start: 2097152, end: 4194303 } });
    expect(parseByteRange("0-0")).toEqual({ ok: true, range: { start: 0, end: 0 } });
  });

  it.each([
    "",
    "-",
    "1-",
    "-1",
    "a-b",
    "1 - 2",
    " 1-2",
    "1-2 ",
    "+1-2",
    "1-2-3",
    "0x1-2",
    "1.0-2",
    "5-4",
    "1e3-2000",
  ])("rejects %j", (text) => {
    expect(parseByteRange(text).ok).toBe(false);
  });

  it("rejects numbers beyond MAX_SAFE_INTEGER", () => {
    expect(parseByteRange(`0-${Number.MAX_SAFE_INTEGER}`).ok).toBe(true);
    expect(parseByteRange(`0-${Number.MAX_SAFE_INTEGER + 1}`).ok).toBe(false);
    expect(parseByteRange("0-99999999999999999999999").ok).toBe(false);
  });

  it("round-trips through formatByteRange", () => {
    expect(formatByteRange({ start: 1048576, end: 2097151 })).toBe("1048576-2097151");
  });
});

describe("isMegabyteAligned", () => {
  const size = 6.5 * MIB;
  it.each([
    [0, MIB - 1, true],
    [MIB, 3 * MIB - 1, true],
    [6 * MIB, size - 1, true],
    [0, size - 1, true],
    [1, MIB - 1, false],
    [0, MIB, false],
    [6 * MIB, 7 * MIB - 1, false], // past the end of the archive
    [0, size, false],
  ])("%d-%d → %s", (start, end, expected) => {
    expect(isMegabyteAligned({ start, end }, size)).toBe(expected);
  });
});

describe("isTreeHashAligned", () => {
  const size = 6.5 * MIB; // N = 7 leaves
  it("matches the 6.5 MiB examples of §7.2", () => {
    expect(isTreeHashAligned({ start: 2 * MIB, end: 4 * MIB - 1 }, size)).toBe(true);
    expect(isTreeHashAligned({ start: MIB, end: 3 * MIB - 1 }, size)).toBe(false);
    expect(isMegabyteAligned({ start: MIB, end: 3 * MIB - 1 }, size)).toBe(true);
    expect(isTreeHashAligned({ start: 4 * MIB, end: size - 1 }, size)).toBe(true);
    expect(isTreeHashAligned({ start: 0, end: size - 1 }, size)).toBe(true);
    expect(isTreeHashAligned({ start: 6 * MIB, end: size - 1 }, size)).toBe(true);
    expect(isTreeHashAligned({ start: 4 * MIB, end: 6 * MIB - 1 }, size)).toBe(true);
    expect(isTreeHashAligned({ start: 0, end: 6 * MIB - 1 }, size)).toBe(false);
  });

  it("agrees with hashing real bytes of a 6.5 MiB archive", () => {
    const data = randomBytes(size);
    const nodeHashes = new Set(
      allTreeNodes(new TreeHasher().update(data).leafDigests()).map((n) => n.hash.toString("hex")),
    );
    for (let a = 0; a < 7; a++) {
      for (let b = a; b < 7; b++) {
        const range = leafRange(a, b, size);
        const isNode = nodeHashes.has(treeHash(data.subarray(range.start, range.end + 1)));
        expect(isTreeHashAligned(range, size), formatByteRange(range)).toBe(isNode);
      }
    }
  });

  it("agrees with the brute-force tree for every MiB-aligned range of sizes 1..40 MiB", () => {
    let checked = 0;
    for (const size of SIZES_1_TO_40_MIB) {
      for (const [text, expected] of bruteForceAligned(size)) {
        const parsed = parseByteRange(text);
        if (!parsed.ok) throw new Error(parsed.message);
        expect(isTreeHashAligned(parsed.range, size), `${text} of ${size}`).toBe(expected);
        checked++;
      }
    }
    expect(checked).toBe(22_960); // 2 × Σ n(n+1)/2 for n = 1..40
  });

  it("agrees with the node ranges of the real tree", () => {
    for (const size of SIZES_1_TO_40_MIB) {
      const n = Math.ceil(size / MIB);
      const nodes = allTreeNodes(Array.from({ length: n }, () => randomBytes(32)));
      const nodeRanges = new Set(
        nodes.map((node) => formatByteRange(leafRange(node.firstLeaf, node.endLeaf - 1, size))),
      );
      for (let a = 0; a < n; a++) {
        for (let b = a; b < n; b++) {
          const range = leafRange(a, b, size);
          expect(isTreeHashAligned(range, size)).toBe(nodeRanges.has(formatByteRange(range)));
        }
      }
    }
  });

  it("rejects unaligned or out-of-archive ranges", () => {
    expect(isTreeHashAligned({ start: 1, end: MIB - 1 }, 4 * MIB)).toBe(false);
    expect(isTreeHashAligned({ start: 0, end: 4 * MIB }, 4 * MIB)).toBe(false);
    expect(isTreeHashAligned({ start: 0, end: 0 }, 0)).toBe(false);
    expect(isTreeHashAligned({ start: 0, end: 99 }, 100)).toBe(true);
  });
});

describe("snapToMegabytes", () => {
  const size = 6.5 * MIB;
  it("returns the nearest enclosing aligned range", () => {
    expect(snapToMegabytes(100, 200, size)).toEqual({ start: 0, end: MIB - 1 });
    expect(snapToMegabytes(MIB + 5, 3 * MIB, size)).toEqual({ start: MIB, end: 4 * MIB - 1 });
    expect(snapToMegabytes(MIB, 2 * MIB - 1, size)).toEqual({ start: MIB, end: 2 * MIB - 1 });
    expect(snapToMegabytes(6 * MIB + 1, 99 * MIB, size)).toEqual({ start: 6 * MIB, end: size - 1 });
  });

  it("returns null for input that names no bytes of the archive", () => {
    expect(snapToMegabytes(5, 4, size)).toBeNull();
    expect(snapToMegabytes(-1, 4, size)).toBeNull();
    expect(snapToMegabytes(size, size + 1, size)).toBeNull();
    expect(snapToMegabytes(0.5, 4, size)).toBeNull();
  });

  it("always yields an aligned range that encloses the input", () => {
    for (let start = 0; start < size; start += 333_333) {
      for (let end = start; end < size + MIB; end += 777_777) {
        const snapped = snapToMegabytes(start, end, size);
        expect(snapped && isMegabyteAligned(snapped, size)).toBe(true);
        expect(snapped && snapped.start <= start && snapped.end >= Math.min(end, size - 1)).toBe(true);
      }
    }
  });
});

describe("snapToTreeHash", () => {
  it("returns the smallest enclosing tree node", () => {
    const size = 6.5 * MIB;
    expect(snapToTreeHash(MIB, 3 * MIB - 1, size)).toEqual({ start: 0, end: 4 * MIB - 1 });
    expect(snapToTreeHash(5 * MIB, size - 1, size)).toEqual({ start: 4 * MIB, end: size - 1 });
    expect(snapToTreeHash(2 * MIB + 7, 2 * MIB + 9, size)).toEqual({ start: 2 * MIB, end: 3 * MIB - 1 });
  });

  it("is aligned, encloses the input and no smaller aligned range does (sizes up to 20 MiB)", () => {
    for (let n = 1; n <= 20; n++) {
      const size = n * MIB - 1000;
      const aligned: ByteRange[] = [];
      for (let a = 0; a < n; a++)
        for (let b = a; b < n; b++) {
          const r = leafRange(a, b, size);
          if (isTreeHashAligned(r, size)) aligned.push(r);
        }
      for (let a = 0; a < n; a++) {
        for (let b = a; b < n; b++) {
          const snapped = snapToTreeHash(a * MIB, b * MIB, size);
          if (!snapped) throw new Error("expected a range");
          const enclosing = aligned.filter((r) => r.start <= a * MIB && r.end >= Math.min(b * MIB, size - 1));
          const smallest = Math.min(...enclosing.map((r) => r.end - r.start));
          expect(snapped.end - snapped.start).toBe(smallest);
          expect(isTreeHashAligned(snapped, size)).toBe(true);
        }
      }
    }
  });
});

describe("parseHttpRange", () => {
  it.each([
    ["bytes=0-1023", 8_388_608, { start: 0, end: 1023 }],
    ["bytes=100-", 1000, { start: 100, end: 999 }],
    ["bytes=-100", 1000, { start: 900, end: 999 }],
    ["bytes=-5000", 1000, { start: 0, end: 999 }],
    ["bytes=500-5000", 1000, { start: 500, end: 999 }],
    ["Bytes=0-0", 1, { start: 0, end: 0 }],
  ])("%s of %d", (header, length, range) => {
    expect(parseHttpRange(header, length)).toEqual({ kind: "range", range });
  });

  it.each(["bytes=", "bytes=-", "bytes=5-4", "items=0-1", "bytes=0-1,5-6", "bytes=a-b", "0-1", "bytes=-1-2"])(
    "%j is invalid",
    (header) => {
      expect(parseHttpRange(header, 1000).kind).toBe("invalid");
    },
  );

  it.each([
    ["bytes=1000-", 1000],
    ["bytes=1000-2000", 1000],
    ["bytes=-0", 1000],
    ["bytes=0-", 0],
    ["bytes=-10", 0],
  ])("%s of %d is unsatisfiable", (header, length) => {
    expect(parseHttpRange(header, length).kind).toBe("unsatisfiable");
  });
});

describe("isOutputTreeHashAligned (the four cases of §6)", () => {
  const size = 6.5 * MIB;
  it("1: whole archive retrieved and downloaded", () => {
    expect(isOutputTreeHashAligned({ archiveSize: size, retrieval: null, download: null })).toBe(true);
  });

  it("2: whole archive retrieved, aligned download range", () => {
    expect(
      isOutputTreeHashAligned({
        archiveSize: size,
        retrieval: null,
        download: { start: 4 * MIB, end: size - 1 },
      }),
    ).toBe(true);
    expect(
      isOutputTreeHashAligned({
        archiveSize: size,
        retrieval: null,
        download: { start: MIB, end: 3 * MIB - 1 },
      }),
    ).toBe(false);
  });

  it("3: aligned retrieval range downloaded whole", () => {
    expect(
      isOutputTreeHashAligned({
        archiveSize: size,
        retrieval: { start: 2 * MIB, end: 4 * MIB - 1 },
        download: null,
      }),
    ).toBe(true);
  });

  it("4: aligned retrieval and an aligned download within it (relative offsets)", () => {
    const retrieval = { start: 4 * MIB, end: size - 1 }; // 2.5 MiB retrieved
    expect(
      isOutputTreeHashAligned({ archiveSize: size, retrieval, download: { start: 0, end: 2 * MIB - 1 } }),
    ).toBe(true);
    expect(
      isOutputTreeHashAligned({
        archiveSize: size,
        retrieval,
        download: { start: 2 * MIB, end: 2.5 * MIB - 1 },
      }),
    ).toBe(true);
    expect(
      isOutputTreeHashAligned({ archiveSize: size, retrieval, download: { start: MIB, end: 2.5 * MIB - 1 } }),
    ).toBe(false);
  });

  it("never when the retrieval range itself is not a tree node", () => {
    const retrieval = { start: MIB, end: 3 * MIB - 1 };
    expect(isOutputTreeHashAligned({ archiveSize: size, retrieval, download: null })).toBe(false);
    expect(
      isOutputTreeHashAligned({ archiveSize: size, retrieval, download: { start: 0, end: MIB - 1 } }),
    ).toBe(false);
  });

  it("relative test equals the absolute test for every aligned retrieval (sizes up to 24 MiB)", () => {
    for (let n = 1; n <= 24; n++) {
      const archiveSize = n * MIB - 777;
      for (let a = 0; a < n; a++)
        for (let b = a; b < n; b++) {
          const retrieval = leafRange(a, b, archiveSize);
          if (!isTreeHashAligned(retrieval, archiveSize)) continue;
          const length = retrieval.end - retrieval.start + 1;
          for (let c = 0; c * MIB < length; c++)
            for (let d = c; d * MIB < length; d++) {
              const download = leafRange(c, d, length);
              const absolute = {
                start: download.start + retrieval.start,
                end: download.end + retrieval.start,
              };
              expect(isOutputTreeHashAligned({ archiveSize, retrieval, download })).toBe(
                isTreeHashAligned(absolute, archiveSize),
              );
            }
        }
    }
  });
});
