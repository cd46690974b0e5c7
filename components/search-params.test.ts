import { describe, expect, it } from "vitest";
import { catalogHref, loadCatalogSearchParams } from "@/components/inventory/search-params";
import { loadNewJobSearchParams, newJobHref } from "@/components/wizard/search-params";
import { loadSignInSearchParams, signInHref } from "@/lib/auth/search-params";
import {
  loadNewPlanSearchParams,
  loadPlanItemsSearchParams,
  newPlanHref,
  planItemsHref,
} from "@/components/plans/search-params";
import { auditHref, loadAuditSearchParams, parseAuditFilter } from "@/lib/audit";

describe("plan URL state", () => {
  it("links into the plan form with all archives, a search or the checked rows", () => {
    expect(newPlanHref("inv-1")).toBe("/plans/new?inventory=inv-1");
    expect(newPlanHref("inv-1", { q: "photos 2020" })).toBe("/plans/new?inventory=inv-1&q=photos+2020");
    expect(newPlanHref("inv-1", { checked: true, q: "x" })).toBe(
      "/plans/new?inventory=inv-1&selection=checked",
    );
    expect(loadNewPlanSearchParams("?inventory=inv-1&q=a%26b&selection=other")).toEqual({
      inventory: "inv-1",
      selection: null,
      q: "a&b",
    });
    expect(loadNewPlanSearchParams({ inventory: ["a", "b"], selection: "checked" })).toEqual({
      inventory: "a",
      selection: "checked",
      q: "",
    });
  });

  it("keeps the item filter and page in the URL, leaving out the defaults", () => {
    expect(planItemsHref("/plans/p1#items", { status: null, page: 1 })).toBe("/plans/p1#items");
    expect(planItemsHref("/plans/p1#items", { status: "failed", page: 3 })).toBe(
      "/plans/p1?status=failed&page=3#items",
    );
    expect(loadPlanItemsSearchParams({ status: "nonsense", page: "x" })).toEqual({ status: null, page: 1 });
    expect(loadPlanItemsSearchParams({ status: "verified", page: "2" })).toEqual({
      status: "verified",
      page: 2,
    });
  });
});

describe("catalog, new-job and sign-in URL state", () => {
  it("reads the catalog query with safe fallbacks and writes only what differs from the defaults", async () => {
    expect(
      await loadCatalogSearchParams(
        Promise.resolve({ q: "x".repeat(300), sort: "evil", dir: "up", page: "-2" }),
      ),
    ).toEqual({ q: "x".repeat(200), sort: "path", dir: "asc", page: 1 });
    expect(await loadCatalogSearchParams(Promise.resolve({ sort: "size", dir: "desc", page: "4" }))).toEqual({
      q: "",
      sort: "size",
      dir: "desc",
      page: 4,
    });
    expect(catalogHref("/jobs/j1#catalog", { q: "", sort: "path", dir: "asc", page: 1 })).toBe(
      "/jobs/j1#catalog",
    );
    expect(catalogHref("/jobs/j1#catalog", { q: "E2E", sort: "size", dir: "asc", page: 2 })).toBe(
      "/jobs/j1?q=E2E&sort=size&page=2#catalog",
    );
  });

  it("passes the vault on from the job-type chooser", async () => {
    expect(newJobHref("/jobs/new/inventory", { vault: "documents" })).toBe(
      "/jobs/new/inventory?vault=documents",
    );
    expect(newJobHref("/jobs/new/inventory", { vault: null })).toBe("/jobs/new/inventory");
    expect(await loadNewJobSearchParams(Promise.resolve({}))).toEqual({ vault: null });
  });

  it("reads where to go after signing in and why SSO failed", () => {
    expect(loadSignInSearchParams("?next=%2Fjobs%3Fstate%3Drunning&error=sso")).toEqual({
      next: "/jobs?state=running",
      error: "sso",
    });
    expect(loadSignInSearchParams("?error=other")).toEqual({ next: null, error: null });
    const href = signInHref("/sign-in/sso", { next: "/jobs?state=running&x=1" });
    expect(new URL(href, "http://thaw.test").searchParams.get("next")).toBe("/jobs?state=running&x=1");
  });
});

describe("audit URL state", () => {
  it("shares one set of parsers between the page, its links and the CSV export", () => {
    const filter = parseAuditFilter(
      new Request("http://thaw.test/audit/export?action=output.download&actor=+bob+&to="),
    );
    expect(filter).toEqual({
      action: "output.download",
      outcome: undefined,
      actor: "bob",
      q: undefined,
      from: undefined,
      to: undefined,
    });
    expect(auditHref("/audit/export", filter)).toBe("/audit/export?action=output.download&actor=bob");
    expect(auditHref("/audit/export", {})).toBe("/audit/export");
    const older = auditHref("/audit", { ...filter, before: "2026-01-02T03:04:05.000Z|id-9" });
    expect(loadAuditSearchParams(new URL(older, "http://thaw.test")).before).toBe(
      "2026-01-02T03:04:05.000Z|id-9",
    );
  });
});
