import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test as setup } from "@playwright/test";
import { ADMIN_STATE } from "../playwright.config";
import { signIn } from "./auth-helpers";
import accounts from "./e2e-accounts.json";

setup("sign in as the seeded admin", async ({ page }) => {
  await signIn(page, accounts.admin.email, accounts.admin.password);
  await expect(page.getByTestId("signed-in-user")).toContainText("admin");
  mkdirSync(path.dirname(ADMIN_STATE), { recursive: true });
  await page.context().storageState({ path: ADMIN_STATE });
});
