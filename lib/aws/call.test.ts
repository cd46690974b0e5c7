import { describe, expect, it } from "vitest";
import { collectPages } from "./call";

/** Pages of a listing keyed by the token that asks for them (undefined: the first page). */
function pagedListing(pages: Array<{ items: number[]; next?: string | null }>) {
  const asked: Array<string | undefined> = [];
  const fetchPage = async (token: string | undefined) => {
    asked.push(token);
    const index = token === undefined ? 0 : Number(token.replace("page-", ""));
    const page = pages[index];
    if (!page) throw new Error(`no page for ${token}`);
    return { items: page.items, next: page.next };
  };
  return { asked, fetchPage };
}

describe("collectPages (ListVaults, ListJobs and the Select results' ListObjectsV2)", () => {
  it("follows each page's token until a page has none (null and undefined alike)", async () => {
    const listing = pagedListing([
      { items: [1, 2], next: "page-1" },
      { items: [3], next: "page-2" },
      { items: [4], next: null },
    ]);
    expect(await collectPages(listing.fetchPage)).toEqual([1, 2, 3, 4]);
    expect(listing.asked).toEqual([undefined, "page-1", "page-2"]);
    const last = pagedListing([{ items: [], next: undefined }]);
    expect(await collectPages(last.fetchPage)).toEqual([]);
  });

  it("asks for no further page once atMost items are in (the last page's items are kept)", async () => {
    const listing = pagedListing([
      { items: [1, 2], next: "page-1" },
      { items: [3, 4], next: "page-2" },
      { items: [5] },
    ]);
    expect(await collectPages(listing.fetchPage, 3)).toEqual([1, 2, 3, 4]);
    expect(listing.asked).toEqual([undefined, "page-1"]);
  });

  it("stops at an empty-string token too (S3 sends none when IsTruncated is false)", async () => {
    const listing = pagedListing([{ items: [1], next: "" }]);
    expect(await collectPages(listing.fetchPage)).toEqual([1]);
    expect(listing.asked).toEqual([undefined]);
  });
});
