import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { nextStep } from "./wizard-helpers";
import { appRoutes } from "./routes";

/**
 * The production CSP holds with no 'unsafe-inline' for style elements: every page, the select wizard's
 * CodeMirror editor (nonce) and a sonner toast (hashed sheet) load without one CSP violation, and their
 * inserted styles really apply. Style attributes stay allowed (style-src-attr).
 */

type Watched = { violations: string[] };

/** Collects `securitypolicyviolation` events (from before any page script runs) and CSP console errors. */
async function watch(context: BrowserContext, page: Page): Promise<Watched> {
  await context.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { __cspViolations: seen });
    document.addEventListener("securitypolicyviolation", (e) =>
      seen.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sample}`),
    );
  });
  const watched: Watched = { violations: [] };
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text()))
      watched.violations.push(message.text());
  });
  return watched;
}

async function pageViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);
}

async function visit(page: Page, watched: Watched, url: string): Promise<void> {
  await page.goto(url);
  // Not "networkidle": the jobs pages keep an event stream open. Client components mount by then.
  await page.waitForTimeout(400);
  watched.violations.push(...(await pageViolations(page)).map((v) => `${url}: ${v}`));
}

test("the policy has no 'unsafe-inline' for style elements", async ({ request }) => {
  const csp = (await request.get("/jobs")).headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(
    /style-src-elem 'self' 'nonce-[A-Za-z0-9+/]+' 'sha256-[A-Za-z0-9+/]+=' 'sha256-[A-Za-z0-9+/]+='/,
  );
  expect(csp).toContain("style-src-attr 'unsafe-inline'");
  expect(csp).not.toMatch(/style-src(-elem)? [^;]*unsafe-inline/);
});

test("every page loads without a CSP violation, signed in and signed out", async ({
  page,
  context,
  browser,
}) => {
  test.setTimeout(120_000);
  const watched = await watch(context, page);
  const pages = appRoutes()
    .filter((r) => r.kind === "page")
    .map((r) => r.url.replace("/vaults/placeholder-id", "/vaults/reports"));
  expect(pages.length).toBeGreaterThan(10);
  for (const url of pages) await visit(page, watched, url);

  const outsider = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const signedOut = await outsider.newPage();
  const outside = await watch(outsider, signedOut);
  await visit(signedOut, outside, "/sign-in");
  await outsider.close();
  expect([...watched.violations, ...outside.violations]).toEqual([]);
});

test("the select wizard's SQL editor and a toast get their styles, without violations", async ({
  page,
  context,
}) => {
  const watched = await watch(context, page);
  const query = new URLSearchParams({
    vault: "reports",
    ArchiveId: "some-archive",
    "SelectParameters.Expression": "SELECT * FROM archive",
  });
  await page.goto(`/jobs/new/select?${query.toString()}`);
  await nextStep(page);
  const editor = page.getByLabel("SQL expression", { exact: true });
  await editor.fill("SELECT s._1 FROM archive s");
  // CodeMirror's base theme (in its nonced <style>) makes the editor a flex column.
  await expect(page.locator(".cm-editor")).toHaveCSS("display", "flex");
  await expect(page.locator("style[nonce]")).not.toHaveCount(0);
  watched.violations.push(...(await pageViolations(page)));

  await page.goto("/settings/users");
  const form = page.getByRole("form", { name: "Add user" });
  await form.getByLabel("Email", { exact: true }).fill(`csp-${Date.now()}@thaw.test`);
  await form.getByLabel("Name", { exact: true }).fill("CSP check");
  await form.getByLabel("Role", { exact: true }).selectOption("viewer");
  await form.getByLabel("Initial password", { exact: true }).fill("a long enough password");
  await form.getByRole("button", { name: "Add user" }).click();
  const toast = page.locator("[data-sonner-toast]").first();
  await expect(toast).toBeVisible();
  // sonner's hashed sheet positions the toaster.
  await expect(page.locator("[data-sonner-toaster]")).toHaveCSS("position", "fixed");
  watched.violations.push(...(await pageViolations(page)));
  expect(watched.violations).toEqual([]);
});
