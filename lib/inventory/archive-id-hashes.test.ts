import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ArchiveIdHashes, MAX_CANDIDATES } from "./archive-id-hashes";

const randomId = () => randomBytes(104).toString("base64url").slice(0, 138);

describe("ArchiveIdHashes", () => {
  it("flags no candidate among 300 000 distinct ids, across the table's growth", () => {
    const ids = new ArchiveIdHashes();
    for (let seq = 1; seq <= 300_000; seq++) ids.add(randomId(), seq);
    expect(ids.candidates).toEqual([]);
    expect(ids.overflowed).toBe(false);
  });

  it("pairs every repeat of an id with each earlier listing, also after the table grew", () => {
    const ids = new ArchiveIdHashes();
    const repeated = randomId();
    ids.add(repeated, 1);
    for (let seq = 2; seq <= 100_000; seq++) ids.add(randomId(), seq);
    ids.add(repeated, 100_001);
    ids.add(repeated, 100_002);
    expect(ids.candidates.sort((a, b) => a[0] - b[0] || a[1] - b[1])).toEqual([
      [1, 100_001],
      [1, 100_002],
      [100_001, 100_002],
    ]);
  });

  it("finds repeats alike whether sized up front for the ids or grown to them", () => {
    const list = Array.from({ length: 50_000 }, randomId);
    for (const expected of [0, 50_000, 10_000_000]) {
      const ids = new ArchiveIdHashes(expected);
      list.forEach((id, k) => ids.add(id, k + 1));
      ids.add(list[4_321] ?? "", 50_001);
      expect(ids.candidates).toEqual([[4_322, 50_001]]);
    }
  });

  it("tells ids apart that differ in one character or only in length", () => {
    const ids = new ArchiveIdHashes();
    const base = randomId();
    ids.add(base, 1);
    ids.add(`${base.slice(0, 70)}${base[70] === "A" ? "B" : "A"}${base.slice(71)}`, 2);
    ids.add(base.slice(0, 137), 3);
    ids.add(`${base}\u0000`, 4);
    expect(ids.candidates).toEqual([]);
  });

  it("gives up pairing past MAX_CANDIDATES (the import then lets SQLite's unique index decide)", () => {
    const ids = new ArchiveIdHashes();
    for (let seq = 1; seq <= 200; seq++) ids.add("same", seq);
    // 200 listings of one id make 200·199/2 = 19 900 pairs.
    expect(ids.overflowed).toBe(true);
    expect(ids.candidates.length).toBeLessThanOrEqual(MAX_CANDIDATES + 1);
  });
});
