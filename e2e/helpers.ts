import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { EMULATOR_URL } from "./ports";

export const DEMO_ACCESS_KEY_ID = "AKIDTHAWDEMO00000000";
export const DEMO_SECRET = "thaw-demo-secret-access-key";

/** Where the specs save the screens a person looks at after a run (outside .tmp/e2e, which the server wipes). */
export const SCREENSHOTS = path.join(process.cwd(), ".tmp", "e2e-screens");

/** Saves the whole page as SCREENSHOTS/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

export type NewConnection = {
  name: string;
  region?: string;
  endpoint?: string;
  accessKeyId?: string;
  secret?: string;
};

/** Fills and saves the Add connection form (access-key mode), the way an admin does. */
export async function addAccessKeyConnection(page: Page, c: NewConnection) {
  await page.goto("/settings/connections/new");
  await page.getByLabel("Name", { exact: true }).fill(c.name);
  if (c.region) await page.getByLabel("Region", { exact: true }).selectOption(c.region);
  await page.getByLabel("Endpoint URL (optional)", { exact: true }).fill(c.endpoint ?? EMULATOR_URL);
  await page.getByRole("radio", { name: /Access key/ }).check();
  await page.getByLabel("Access key id", { exact: true }).fill(c.accessKeyId ?? DEMO_ACCESS_KEY_ID);
  await page.getByLabel("Secret access key", { exact: true }).fill(c.secret ?? DEMO_SECRET);
  await page.getByRole("button", { name: "Save connection" }).click();
  await expect(page).toHaveURL(/\/settings\/connections$/);
  await expect(page.getByRole("listitem", { name: c.name })).toBeVisible();
}

export async function testConnection(page: Page, name: string) {
  const item = page.getByRole("listitem", { name });
  await item.getByRole("button", { name: `Test connection ${name}` }).click();
  return item;
}
