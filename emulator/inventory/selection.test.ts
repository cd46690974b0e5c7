import { describe, expect, it } from "vitest";
import { decodeInventoryMarker, encodeInventoryMarker, InventoryMarkerError } from "./marker";
import { selectInventory } from "./selection";
import { type InventoryArchive } from "./types";

/** Archives created one per hour from 2020-01-01, two per hour from hour 10 (same timestamp, ids a/b). */
function vault(count: number): InventoryArchive[] {
  const list: InventoryArchive[] = [];
  for (let i = 0; i < count; i++) {
    const date = new Date(Date.UTC(2020, 0, 1, i));
    const ids = i >= 10 ? [`${i}a`, `${i}b`] : [`${i}`];
    for (const id of ids)
      list.push({
        ArchiveId: id,
        ArchiveDescription: "",
        CreationDate: date.toISOString(),
        Size: 1,
        SHA256TreeHash: "h",
      });
  }
  return list;
}

async function run(
  source: Iterable<InventoryArchive> | AsyncIterable<InventoryArchive>,
  query: Parameters<typeof selectInventory>[1],
) {
  const selection = selectInventory(source, query);
  const ids: string[] = [];
  for await (const archive of selection.archives) ids.push(archive.ArchiveId);
  return { ids, marker: selection.nextMarker() };
}

const hour = (h: number) => new Date(Date.UTC(2020, 0, 1, h));

describe("selectInventory", () => {
  it("returns everything without a filter", async () => {
    expect(await run(vault(5), {})).toEqual({ ids: ["0", "1", "2", "3", "4"], marker: null });
  });

  it("includes StartDate and excludes EndDate", async () => {
    expect((await run(vault(6), { startDate: hour(2), endDate: hour(4) })).ids).toEqual(["2", "3"]);
    expect((await run(vault(6), { startDate: hour(4) })).ids).toEqual(["4", "5"]);
    expect((await run(vault(6), { endDate: hour(1) })).ids).toEqual(["0"]);
  });

  it("pages with Limit and Marker until the marker is null, without gaps or repeats", async () => {
    const all = vault(20); // 30 archives, with equal timestamps across page boundaries
    const seen: string[] = [];
    let marker: string | null = null;
    let pages = 0;
    do {
      const page: { ids: string[]; marker: string | null } = await run(all, { limit: 4, marker });
      seen.push(...page.ids);
      marker = page.marker;
      pages++;
    } while (marker !== null);
    expect(seen).toEqual(all.map((a) => a.ArchiveId));
    expect(pages).toBe(8);
  });

  it("gives no marker when the limit is met exactly", async () => {
    expect(await run(vault(3), { limit: 3 })).toEqual({ ids: ["0", "1", "2"], marker: null });
    expect((await run(vault(6), { limit: 2, endDate: hour(2) })).marker).toBeNull();
  });

  it("combines dates, limit and marker", async () => {
    const first = await run(vault(12), { startDate: hour(9), endDate: hour(11), limit: 2 });
    expect(first.ids).toEqual(["9", "10a"]);
    const second = await run(vault(12), {
      startDate: hour(9),
      endDate: hour(11),
      limit: 2,
      marker: first.marker,
    });
    expect(second).toEqual({ ids: ["10b"], marker: null });
  });

  it("stops reading the source at EndDate and right after the page's next match", async () => {
    let read = 0;
    function* counted() {
      for (const archive of vault(1000)) {
        read++;
        yield archive;
      }
    }
    await run(counted(), { endDate: hour(3) });
    expect(read).toBe(4);
    read = 0;
    await run(counted(), { limit: 5 });
    expect(read).toBe(6);
  });

  it("refuses an unsorted source and a bad marker", async () => {
    await expect(run([...vault(3)].reverse(), {})).rejects.toThrow(/not sorted/);
    expect(() => selectInventory(vault(3), { marker: "not a marker" })).toThrow(InventoryMarkerError);
  });

  it("accepts Date creation dates and async sources", async () => {
    async function* source() {
      yield { ArchiveId: "x", ArchiveDescription: "", CreationDate: hour(1), Size: 1, SHA256TreeHash: "h" };
      yield { ArchiveId: "y", ArchiveDescription: "", CreationDate: hour(2), Size: 1, SHA256TreeHash: "h" };
    }
    expect(await run(source(), { startDate: hour(2) })).toEqual({ ids: ["y"], marker: null });
  });

  it("refuses nextMarker() before the archives were read", () => {
    expect(() => selectInventory(vault(1), {}).nextMarker()).toThrow(/only after/);
  });
});

describe("inventory marker", () => {
  it("round-trips and is URL-safe", () => {
    const marker = { creationMs: Date.UTC(2020, 0, 1), archiveId: "abc-_XYZ+/=\nodd" };
    const text = encodeInventoryMarker(marker);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeInventoryMarker(text)).toEqual(marker);
  });

  it.each([
    "",
    "!!!",
    Buffer.from("v2\n1\nid").toString("base64url"),
    Buffer.from("v1\nx\nid").toString("base64url"),
    Buffer.from("v1\n5\n").toString("base64url"),
  ])("refuses %j", (text) => {
    expect(() => decodeInventoryMarker(text)).toThrow(InventoryMarkerError);
  });
});
