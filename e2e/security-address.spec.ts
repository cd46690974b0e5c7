import { expect, type Page, test } from "@playwright/test";
import { signIn } from "./auth-helpers";
import { type AppInstance, instancePage, startAppInstance } from "./security-instance";

/**
 * The per-address sign-in limit counts the socket's address when no proxy is trusted: a client that
 * sends its own X-Forwarded-For on every attempt is still one address. Runs on its own dashboard
 * (on a free port), since it locks 127.0.0.1 out of signing in for 15 minutes.
 */

const ADMIN = { email: "address-admin@thaw.test", password: "address-e2e-admin-password" };
const PER_ADDRESS_LIMIT = 50; // lib/auth/rate-limit.ts DEFAULT_POLICY.perAddress

let app: AppInstance;

test.beforeAll(async () => {
  app = await startAppInstance("address", {
    THAW_ADMIN_EMAIL: ADMIN.email,
    THAW_ADMIN_PASSWORD: ADMIN.password,
  });
});
test.afterAll(async () => {
  await app?.stop();
});

/** One sign-in through the form, claiming to come from `claimedAddress`. */
async function attempt(page: Page, email: string, password: string, claimedAddress: string): Promise<void> {
  await page.setExtraHTTPHeaders({ "X-Forwarded-For": claimedAddress });
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
}

test("spoofed X-Forwarded-For values neither dodge the per-address limit nor reach the audit log", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const admin = await instancePage(browser, app);
  await signIn(admin, ADMIN.email, ADMIN.password);

  const attacker = await instancePage(browser, app);
  await attacker.goto("/sign-in");
  // A different account each time, so only the address bucket fills up.
  const said = attacker.getByRole("status").filter({ hasText: /\S/ });
  for (let i = 0; i < PER_ADDRESS_LIMIT; i += 1) {
    await attempt(attacker, `nobody-${i}@thaw.test`, "wrong password", `203.0.113.${i}`);
    await expect(said).toHaveText("Wrong email or password.");
  }
  // A fresh claimed address and even the right password: refused, the address is 127.0.0.1's.
  await attempt(attacker, ADMIN.email, ADMIN.password, "198.51.100.77");
  await expect(said).toHaveText(/^Too many failed sign-ins/);

  const csv = await (await admin.request.get("/audit/export?action=auth.sign-in")).text();
  const addresses = new Set(
    csv
      .split("\r\n")
      .slice(1)
      .filter(Boolean)
      .map((line) => line.split(",")[6]),
  );
  expect([...addresses]).toEqual(["127.0.0.1"]);
  expect(csv).not.toContain("203.0.113.");
  await attacker.context().close();
  await admin.context().close();
});
