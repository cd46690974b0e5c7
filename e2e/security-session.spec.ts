import { expect, test } from "@playwright/test";
import { signIn } from "./auth-helpers";
import { type AppInstance, instancePage, startAppInstance } from "./security-instance";

/**
 * The idle timeout through the real stack: a dashboard of its own with THAW_SESSION_IDLE_HOURS
 * of 0.002 h (7.2 s). A session used every 2 s outlives that limit; left alone for longer, it ends.
 */

const ADMIN = { email: "idle-admin@thaw.test", password: "idle-e2e-admin-password" };
const IDLE_MS = 0.002 * 3_600_000;

let app: AppInstance;

test.beforeAll(async () => {
  app = await startAppInstance("session", {
    THAW_ADMIN_EMAIL: ADMIN.email,
    THAW_ADMIN_PASSWORD: ADMIN.password,
    THAW_SESSION_IDLE_HOURS: "0.002",
  });
});
test.afterAll(async () => {
  await app?.stop();
});

test("a session in use outlives the idle limit, and one left idle that long ends", async ({ browser }) => {
  test.setTimeout(90_000);
  const page = await instancePage(browser, app);
  const context = page.context();
  await signIn(page, ADMIN.email, ADMIN.password);

  const started = Date.now();
  while (Date.now() - started < 2 * IDLE_MS) {
    await page.waitForTimeout(2_000);
    await page.goto("/settings/users");
    await expect(page.getByRole("listitem", { name: ADMIN.email }).getByTestId("user-activity")).toHaveText(
      /^last active .* · 1 open session$/,
    );
  }

  await page.waitForTimeout(IDLE_MS + 1_000);
  await page.goto("/settings/users");
  await expect(page).toHaveURL(/\/sign-in/);
  // The cookie is still in the browser: the server ended the session, not the cookie's expiry.
  expect((await context.cookies()).some((c) => c.name === "thaw-session")).toBe(true);
  await context.close();
});
