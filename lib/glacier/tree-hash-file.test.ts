import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIB } from "./byte-range";
import { treeHash } from "./tree-hash";
import { treeHashFile } from "./tree-hash-file";

describe("treeHashFile", () => {
  let dir = "";
  let data = Buffer.alloc(0);
  let file = "";

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "thaw-tree-hash-"));
    data = randomBytes(37 * MIB + 12_345); // odd leaf count and a partial last leaf
    file = path.join(dir, "archive.bin");
    await writeFile(file, data);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("matches the in-memory tree hash with 1, 2, 3 and 8 workers", async () => {
    const expected = treeHash(data);
    for (const workers of [1, 2, 3, 8])
      expect(await treeHashFile(file, { workers }), `${workers} workers`).toBe(expected);
    expect(await treeHashFile(file)).toBe(expected);
  });

  it("hashes byte ranges, aligned or not", async () => {
    const ranges: [number, number][] = [
      [0, MIB - 1],
      [4 * MIB, 20 * MIB - 1],
      [12_345, 30 * MIB + 7],
      [16 * MIB, data.length - 1],
      [data.length - 1, data.length - 1],
    ];
    for (const [start, end] of ranges) {
      expect(await treeHashFile(file, { start, end, workers: 2 }), `${start}-${end}`).toBe(
        treeHash(data.subarray(start, end + 1)),
      );
    }
  });

  it("matches the botocore vectors for small files and the empty file", async () => {
    const empty = path.join(dir, "empty");
    await writeFile(empty, "");
    expect(await treeHashFile(empty)).toBe(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
    const aaa = path.join(dir, "a");
    await writeFile(aaa, Buffer.alloc(5.5 * MIB, "a"));
    expect(await treeHashFile(aaa)).toBe("6fe91a2459edf2f97c31f3533905d61bcb91b434c244c5146fb2d92330db76ea");
  });

  it("refuses ranges outside the file", async () => {
    await expect(treeHashFile(file, { start: 0, end: data.length })).rejects.toThrow(RangeError);
    await expect(treeHashFile(file, { start: 5, end: 4 })).rejects.toThrow(RangeError);
    await expect(treeHashFile(path.join(dir, "missing"))).rejects.toThrow(/ENOENT/);
  });
});
