import { expect, test } from "@playwright/test";
import { ADMIN_STATE } from "../playwright.config";
import { callAction, serverAction } from "./action-client";
import { addUser, signIn, signedOutPage } from "./auth-helpers";
import { addAccessKeyConnection } from "./helpers";
import { APP_URL } from "./ports";
import { appRoutes, PUBLIC_ROUTES } from "./routes";
import { jobIds, jobsStartedSince, nextStep } from "./wizard-helpers";

const stamp = Date.now();
const VIEWER = {
  email: `viewer-${stamp}@thaw.test`,
  name: "Vera Viewer",
  role: "viewer" as const,
  password: "viewer-password-0001",
};
const OPERATOR = {
  email: `operator-${stamp}@thaw.test`,
  name: "Otto Operator",
  role: "operator" as const,
  password: "operator-password-0001",
};

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  const admin = await browser.newContext({ storageState: ADMIN_STATE });
  const page = await admin.newPage();
  await addUser(page, VIEWER);
  await addUser(page, OPERATOR);
  await admin.close();
});

test("signed-out people are sent to sign-in from every page, and route handlers answer 401", async ({
  browser,
}) => {
  const page = await signedOutPage(browser);
  const routes = appRoutes().filter((r) => !PUBLIC_ROUTES.includes(r.url));
  expect(routes.length).toBeGreaterThan(15);
  for (const route of routes) {
    if (route.kind === "page" || !route.url.startsWith("/api/")) {
      await page.goto(route.url);
      await expect(page, route.url).toHaveURL(/\/sign-in(\?|$)/);
      await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
    } else {
      // 401 for the methods the handler has; 405 (no handler at all) for the others.
      const statuses = [];
      for (const method of ["GET", "POST"] as const) {
        const response = await page.request.fetch(route.url, {
          method,
          failOnStatusCode: false,
          maxRedirects: 0,
        });
        statuses.push(response.status());
      }
      expect(statuses, route.url).toContain(401);
      expect(
        statuses.every((s) => s === 401 || s === 405),
        `${route.url}: ${statuses.join(", ")}`,
      ).toBe(true);
    }
  }
  // A stale or forged cookie is no session either.
  await page.context().addCookies([{ name: "thaw-session", value: "A".repeat(43), url: APP_URL }]);
  await page.goto("/jobs");
  await expect(page).toHaveURL(/\/sign-in/);
  await page.context().close();
});

test("a wrong password is refused, and sign-in returns to the page asked for", async ({ browser }) => {
  const page = await signedOutPage(browser);
  await page.goto("/vaults");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fvaults$/);
  await page.getByLabel("Email", { exact: true }).fill(VIEWER.email);
  await page.getByLabel("Password", { exact: true }).fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Wrong email or password.")).toBeVisible();
  await page.getByLabel("Password", { exact: true }).fill(VIEWER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/vaults$/);
  const cookie = (await page.context().cookies()).find((c) => c.name === "thaw-session");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  expect(cookie?.expires ?? 0).toBeGreaterThan(Date.now() / 1000);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/vaults");
  await expect(page).toHaveURL(/\/sign-in/);
  await page.context().close();
});

test("a viewer reads, sees no way to start a job, and the action refuses a direct call", async ({
  browser,
}) => {
  const page = await signedOutPage(browser);
  await signIn(page, VIEWER.email, VIEWER.password);
  await page.goto("/vaults/documents");
  await expect(page.getByRole("heading", { name: "documents", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "New job" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Settings" })).toHaveCount(0);
  for (const url of [
    "/jobs/new/inventory?vault=documents",
    "/jobs/new/archive",
    "/jobs/new/select",
    "/settings/connections",
    "/settings/users",
    "/audit",
  ]) {
    await page.goto(url);
    await expect(page.getByRole("button", { name: /^Start .* job$/ }), url).toHaveCount(0);
    await expect(page.getByRole("heading", { name: "Not found" }), url).toBeVisible();
  }

  const before = await jobIds("documents");
  const submit = serverAction("submitInventoryJobAction");
  const response = await callAction(
    page.request,
    submit,
    JSON.stringify([
      {
        idempotencyKey: crypto.randomUUID(),
        job: { vault: "documents", Type: "inventory-retrieval", Format: "JSON" },
      },
    ]),
  );
  expect(response.status()).toBeLessThan(500);
  expect(await response.text()).toContain("Your role (viewer) does not allow this.");
  for (const name of ["createConnectionAction", "createUserAction", "saveSnsTopicsAction"]) {
    const refused = await callAction(page.request, serverAction(name), JSON.stringify([{}]));
    expect(await refused.text(), name).toContain("Your role (viewer) does not allow this.");
  }
  const output = await page.request.get("/api/jobs/some-job/output", { failOnStatusCode: false });
  expect(output.status()).toBe(403);
  expect(await jobsStartedSince("documents", before)).toEqual([]);
  await page.context().close();
});

test("an operator can submit a job, and cannot manage connections", async ({ browser }) => {
  const page = await signedOutPage(browser);
  await signIn(page, OPERATOR.email, OPERATOR.password);
  const description = `Operator job ${stamp}`;
  await page.goto("/jobs/new/inventory?vault=documents");
  await nextStep(page);
  await nextStep(page);
  await page.getByLabel("Description (optional)").fill(description);
  await nextStep(page);
  const before = await jobIds("documents");
  await page.getByRole("button", { name: "Start inventory job" }).click();
  await expect(page).toHaveURL(/\/jobs\/(?!new)[^/]+$/);
  expect(await jobsStartedSince("documents", before)).toHaveLength(1);

  await page.goto("/settings/connections");
  await expect(page.getByRole("link", { name: "Add connection" })).toHaveCount(0);
  const refused = await callAction(
    page.request,
    serverAction("createConnectionAction"),
    JSON.stringify([{ name: "Sneaky" }]),
  );
  expect(await refused.text()).toContain("Your role (operator) does not allow this.");
  await page.context().close();
});

test("an admin manages connections and users, and the audit records who did what", async ({
  page,
  browser,
}) => {
  await addAccessKeyConnection(page, { name: `Admin-made ${stamp}` });
  await page.goto("/audit?action=job.initiate");
  const row = page.getByRole("row").filter({ hasText: OPERATOR.email });
  await expect(row.first()).toContainText("InitiateJob");
  await expect(row.first()).toContainText("success");

  await page.goto("/audit?action=connection.create");
  await expect(page.getByRole("row").filter({ hasText: `Admin-made ${stamp}` })).toContainText(
    "admin@thaw.test",
  );
  // …and removes it again (it would otherwise become the default connection of later specs).
  await page.goto("/settings/connections");
  const item = page.getByRole("listitem", { name: `Admin-made ${stamp}` });
  await item.getByRole("button", { name: `Delete connection Admin-made ${stamp}` }).click();
  await item.getByRole("button", { name: `Delete Admin-made ${stamp}` }).click();
  await expect(page.getByRole("listitem", { name: `Admin-made ${stamp}` })).toHaveCount(0);
  await page.goto("/audit?action=connection.delete");
  await expect(page.getByRole("row").filter({ hasText: `Admin-made ${stamp}` })).toContainText(
    "admin@thaw.test",
  );
  await page.goto("/audit?action=auth.sign-in&outcome=failure");
  await expect(page.getByRole("row").filter({ hasText: VIEWER.email }).first()).toBeVisible();

  const csv = await page.request.get("/audit/export?action=job.initiate");
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const text = await csv.text();
  expect(text.split("\r\n")[0]).toBe("occurred_at,actor,action,outcome,connection_id,target,address,details");
  expect(text).toContain(OPERATOR.email);
  expect(text).toContain(`Operator job ${stamp}`);

  // Disabling a user ends their sessions at once.
  const viewerPage = await signedOutPage(browser);
  await signIn(viewerPage, VIEWER.email, VIEWER.password);
  await page.goto("/settings/users");
  const form = page.getByRole("form", { name: `Edit ${VIEWER.email}` });
  await form.getByRole("checkbox", { name: "Disabled" }).check();
  await form.getByRole("button", { name: "Save" }).click();
  await expect(
    page.getByRole("listitem", { name: VIEWER.email }).getByText("disabled", { exact: true }),
  ).toBeVisible();
  await viewerPage.goto("/vaults");
  await expect(viewerPage).toHaveURL(/\/sign-in/);
  await viewerPage.context().close();
});

test("every response carries the security headers, with a per-request script nonce", async ({ page }) => {
  const first = await page.goto("/jobs");
  const second = await page.request.get("/jobs");
  const csp = first?.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(second.headers()["content-security-policy"]).not.toBe(csp);
  expect(first?.headers()["x-content-type-options"]).toBe("nosniff");
  // The page works under that policy: React hydrated (a client-side navigation happens).
  await page.getByRole("link", { name: "Vaults" }).click();
  await expect(page.getByRole("heading", { name: "Vaults", level: 1 })).toBeVisible();
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1] ?? "";
  const html = await (await page.request.get("/jobs")).text();
  expect(html).toMatch(/<script[^>]+nonce="/);
  expect(nonce.length).toBeGreaterThan(10);
  const api = await page.request.get("/api/health");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
});
