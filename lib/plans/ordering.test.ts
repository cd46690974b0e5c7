import { describe, expect, it } from "vitest";
import { type PlanArchive } from "@/lib/glacier/plan-form";
import { MANIFEST_NAME, objectKeyFor, orderPlanArchives, safeRelativePath } from "./ordering";

const archive = (
  id: string,
  decodedPath: string,
  size = 1,
  creationDate = "2020-01-01T00:00:00.000Z",
): PlanArchive => ({
  archiveId: id,
  description: decodedPath,
  decodedPath,
  size,
  treeHash: "00",
  creationDate,
});

describe("orderPlanArchives", () => {
  const list = [
    archive("a", "photos/b.jpg", 30, "2021-01-01T00:00:00.000Z"),
    archive("b", "docs/a.txt", 10, "2022-01-01T00:00:00.000Z"),
    archive("c", "photos/a.jpg", 20, "2020-01-01T00:00:00.000Z"),
    archive("d", "", 10, "2019-01-01T00:00:00.000Z"),
  ];
  const ids = (xs: PlanArchive[]) => xs.map((x) => x.archiveId).join("");

  it("orders smallest first (older first among equals), oldest first, or a prefix first", () => {
    expect(ids(orderPlanArchives(list, "smallest", null))).toBe("dbca");
    expect(ids(orderPlanArchives(list, "oldest", null))).toBe("dcab");
    expect(ids(orderPlanArchives(list, "prefix", "photos/"))).toBe("cadb");
    expect(ids(list)).toBe("abcd");
  });

  it("orders 100 000 archives in well under a second", () => {
    const many = Array.from({ length: 100_000 }, (_, i) =>
      archive(`id${i}`, `p/${i % 977}/${i}`, (i * 7919) % 100_000),
    );
    const started = performance.now();
    const sorted = orderPlanArchives(many, "smallest", null);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(sorted.every((a, i) => i === 0 || (sorted[i - 1]?.size ?? 0) <= a.size)).toBe(true);
  });
});

describe("objectKeyFor", () => {
  it("makes unsafe paths safe: no leading slash, no .. or empty segments, backslashes as folders", () => {
    expect(safeRelativePath("/etc/passwd")).toBe("etc/passwd");
    expect(safeRelativePath("../../x/./y//z")).toBe("x/y/z");
    expect(safeRelativePath("C:\\data\\file.txt")).toBe("C:/data/file.txt");
    expect(safeRelativePath("a/\u0000b\u0007/c")).toBe("a/b/c");
    expect(safeRelativePath("../..")).toBeNull();
    expect(safeRelativePath(`${"x".repeat(300)}/a`)).toBeNull();
    const taken = new Set<string>();
    expect(objectKeyFor(archive("ID1", "/../../etc/passwd"), "out/", taken)).toBe("out/etc/passwd");
    expect(objectKeyFor(archive("ID2", ".."), "out/", taken)).toBe("out/ID2");
  });

  it("keeps Unicode names (NFC) and uses the archive id when the description names no path", () => {
    const taken = new Set<string>();
    expect(objectKeyFor(archive("X", "photos/e\u0301te\u0301.jpg"), "", taken)).toBe(
      "photos/\u00e9t\u00e9.jpg",
    );
    expect(objectKeyFor(archive("Y", "写真/猫.png"), "", taken)).toBe("写真/猫.png");
    expect(objectKeyFor(archive("Z", ""), "", taken)).toBe("Z");
  });

  it("gives a colliding key the archive id's first 8 characters before its extension", () => {
    const taken = new Set<string>();
    expect(objectKeyFor(archive("AAAAAAAA1", "a/b.jpg"), "", taken)).toBe("a/b.jpg");
    expect(objectKeyFor(archive("BBBBBBBB2", "a/b.jpg"), "", taken)).toBe("a/b~BBBBBBBB.jpg");
    expect(objectKeyFor(archive("CCCCCCCC3", "/a/b.jpg"), "", taken)).toBe("a/b~CCCCCCCC.jpg");
    expect(objectKeyFor(archive("DDDDDDDD4", "noext"), "", taken)).toBe("noext");
    expect(objectKeyFor(archive("EEEEEEEE5", "noext"), "", taken)).toBe("noext~EEEEEEEE");
  });

  it("never lets a file and a folder share a name, nor an archive take the manifest's", () => {
    const taken = new Set<string>();
    expect(objectKeyFor(archive("F1", "photos"), "", taken)).toBe("photos");
    // "photos" is a file now, so photos/x.jpg cannot be created beside it.
    expect(objectKeyFor(archive("F2", "photos/x.jpg"), "", taken)).toBe("F2");
    expect(objectKeyFor(archive("F3", "docs/y.txt"), "", taken)).toBe("docs/y.txt");
    expect(objectKeyFor(archive("F4", "docs"), "", taken)).toBe("docs~F4");
    expect(objectKeyFor(archive("F5", MANIFEST_NAME), "", taken)).toBe("manifest~F5.csv");
  });
});
