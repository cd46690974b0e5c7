import { type Browser, expect, type Page, test } from "@playwright/test";
import { signIn } from "./auth-helpers";
import { instancePage, sharedSsoAppInstance } from "./security-instance";

/**
 * SSO in Chromium: a real OpenID Connect provider (oidc-provider) and a second dashboard configured for
 * it with THAW_OIDC_*, both on 127.0.0.1 at free ports. The provider signs in whoever the
 * test names, without a login screen; everything else is the real redirect/callback flow.
 */

const ADMIN = { email: "sso-admin@thaw.test", password: "sso-e2e-admin-password" };
const ALICE = { sub: "alice-0001", email: "alice@corp.example", name: "Alice Example" };

test.describe.configure({ mode: "serial" });

const sso = sharedSsoAppInstance("oidc", {
  clientId: "thaw-e2e",
  admin: ADMIN,
  defaultRole: "operator",
});

async function startSso(page: Page, from = "/jobs"): Promise<void> {
  await page.goto(from);
  await expect(page).toHaveURL(/\/sign-in(\?|$)/);
  await page.getByRole("link", { name: "Sign in with single sign-on" }).click();
}

/** A new browser, signed out, that starts SSO at `from` while the provider signs in `who` (nobody: it refuses). */
async function ssoInNewBrowser(
  browser: Browser,
  who: typeof ALICE | undefined,
  from = "/jobs",
): Promise<Page> {
  const page = await instancePage(browser, sso.app);
  sso.idp.signInAs(who);
  await startSso(page, from);
  return page;
}

/** Thaw's SSO start and the provider's redirects, followed by hand: the URL the provider sends the browser back to. */
async function callbackFromProvider(page: Page): Promise<URL> {
  let url = new URL("/sign-in/sso?next=%2Fjobs", sso.app.url);
  for (let hop = 0; hop < 10; hop += 1) {
    const location = (await page.request.get(url.toString(), { maxRedirects: 0 })).headers().location;
    if (!location) break;
    url = new URL(location, url);
    if (url.href.startsWith(sso.redirect)) return url;
  }
  throw new Error(`the provider never redirected back (last ${url.href})`);
}

test("first SSO sign-in creates the user with the configured role and returns to the page asked for", async ({
  browser,
}) => {
  const page = await ssoInNewBrowser(browser, ALICE, "/jobs");
  await expect(page).toHaveURL(`${sso.app.url}/jobs`);
  await expect(page.getByTestId("signed-in-user")).toContainText(ALICE.name);
  await expect(page.getByTestId("signed-in-user")).toContainText("operator");
  const cookie = (await page.context().cookies()).find((c) => c.name === "thaw-session");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  await page.context().close();
});

test("a tampered state and a denial at the provider both end on the sign-in page, signed out", async ({
  browser,
}) => {
  const page = await instancePage(browser, sso.app);
  sso.idp.signInAs(ALICE);
  // Playwright cannot intercept redirect hops, so the redirects are followed with the page's own
  // cookie jar up to the callback, whose state is then changed before the browser opens it.
  const callback = await callbackFromProvider(page);
  callback.searchParams.set("state", "forged-state");
  await page.goto(callback.toString());
  await expect(page).toHaveURL(/\/sign-in\?error=sso$/);
  await expect(page.getByText("Single sign-on did not complete.")).toBeVisible();
  await page.goto("/jobs");
  await expect(page).toHaveURL(/\/sign-in/);

  // A browser with no session at the provider, which then refuses to sign anyone in.
  const stranger = await ssoInNewBrowser(browser, undefined);
  await expect(stranger).toHaveURL(/\/sign-in\?error=sso$/);
  await stranger.context().close();

  // The same hand-followed flow, untampered, does sign in: the forged state was the only difference.
  sso.idp.signInAs(ALICE);
  await page.goto((await callbackFromProvider(page)).toString());
  await expect(page).toHaveURL(`${sso.app.url}/jobs`);
  await expect(page.getByTestId("signed-in-user")).toContainText(ALICE.name);
  await page.context().close();
});

test("the admin sees the SSO user's activity and disables them: their session ends and SSO refuses them", async ({
  browser,
}) => {
  const alice = await ssoInNewBrowser(browser, ALICE);
  await expect(alice.getByTestId("signed-in-user")).toContainText(ALICE.name);

  const admin = await instancePage(browser, sso.app);
  await signIn(admin, ADMIN.email, ADMIN.password);
  await admin.goto("/settings/users");
  const row = admin.getByRole("listitem", { name: ALICE.email });
  await expect(row.getByText("SSO", { exact: true })).toBeVisible();
  await expect(row.getByTestId("user-activity")).toHaveText(
    /^last active \d{4}-\d\d-\d\d \d\d:\d\d UTC · 3 open sessions$/,
  );
  const form = admin.getByRole("form", { name: `Edit ${ALICE.email}` });
  await form.getByRole("checkbox", { name: "Disabled" }).check();
  await form.getByRole("button", { name: "Save" }).click();
  await expect(row.getByText("disabled", { exact: true })).toBeVisible();
  await expect(row.getByTestId("user-activity")).toHaveText(/^no open session · last sign-in /);

  await alice.goto("/vaults");
  await expect(alice).toHaveURL(/\/sign-in/);
  await startSso(alice);
  await expect(alice).toHaveURL(/\/sign-in\?error=sso-disabled$/);
  await expect(alice.getByText("Your account is disabled. Ask an admin.")).toBeVisible();

  await admin.goto("/audit?action=auth.sign-in");
  await expect(
    admin.getByRole("row").filter({ hasText: ALICE.email }).filter({ hasText: "denied" }).first(),
  ).toBeVisible();
  await alice.context().close();
  await admin.context().close();
});
