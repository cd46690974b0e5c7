import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ArchiveIdHashes, idHash, MAX_SUSPECTS } from "./archive-id-hashes";

const randomId = () => randomBytes(104).toString("base64url").slice(0, 138);

describe("ArchiveIdHashes", () => {
  it("suspects nothing among 300 000 distinct ids, grown from a small start", () => {
    const ids = new ArchiveIdHashes();
    for (let k = 0; k < 300_000; k++) ids.add(randomId());
    expect(ids.suspects()).toEqual([]);
    expect(ids.overflowed).toBe(false);
  });

  it("groups every listing of a repeated id, whether sized up front or grown", () => {
    const list = Array.from({ length: 50_000 }, randomId);
    for (const expected of [0, 50_000, 10_000_000]) {
      const ids = new ArchiveIdHashes(expected);
      for (const id of list) ids.add(id);
      ids.add(list[4_321] ?? "");
      ids.add(list[17] ?? "");
      ids.add(list[4_321] ?? "");
      const groups = ids
        .suspects()
        .map((g) => g.join(","))
        .sort();
      expect(groups).toEqual(["18,50002", "4322,50001,50003"]);
    }
  });

  it("hashes ids apart that differ in one character, in length, or only past an odd end", () => {
    const base = randomId();
    const variants = [
      base,
      `${base.slice(0, 70)}${base[70] === "A" ? "B" : "A"}${base.slice(71)}`,
      base.slice(0, 137),
      `${base}\u0000`,
      `${base}x`,
      "",
      "a",
      "b",
    ];
    expect(new Set(variants.map(idHash)).size).toBe(variants.length);
    expect(Number.isSafeInteger(idHash(base))).toBe(true);
  });

  it("overflows past MAX_SUSPECTS (the import then lets SQLite's unique index decide)", () => {
    const ids = new ArchiveIdHashes();
    for (let k = 0; k <= MAX_SUSPECTS; k++) ids.add("same");
    expect(ids.overflowed).toBe(true);
  });
});
