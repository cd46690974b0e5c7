import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { EMULATOR_DATA, waitForSucceeded } from "./tracking-helpers";
import { jobIdFromUrl, toReview } from "./wizard-helpers";

/** Helpers for the inventory import specs (Synology mapping, corrupt inventories). */

/** Starts an inventory job of `vault` through the wizard, waits until it succeeded, returns its job id. */
export async function runInventoryJob(page: Page, vault: string, description: string): Promise<string> {
  await page.goto(
    `/jobs/new/inventory?vault=${encodeURIComponent(vault)}&Description=${encodeURIComponent(description)}`,
  );
  return startFromWizard(page, "Start inventory job");
}

/** On a wizard page: walks to Review, starts the job, waits on the job page until it succeeded. */
export async function startFromWizard(page: Page, button: string): Promise<string> {
  await toReview(page);
  await page.getByRole("button", { name: button }).click();
  await expect(page).toHaveURL(/\/jobs\/[^/]+$/);
  await waitForSucceeded(page);
  return jobIdFromUrl(page.url());
}

/** The inventory catalog region of a job page. */
export const catalogRegion = (page: Page) => page.getByRole("region", { name: "Inventory catalog" });

/** "Import inventory" on a succeeded inventory job's page, until its catalog shows. */
export async function importInventory(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Import inventory" }).click();
  await expect(catalogRegion(page)).toBeVisible({ timeout: 30_000 });
}

/** Inventories `vault` through the wizard and imports it: the job page then shows its catalog. */
export async function inventoryAndImport(page: Page, vault: string): Promise<void> {
  await page.goto(`/jobs/new/inventory?vault=${encodeURIComponent(vault)}`);
  await startFromWizard(page, "Start inventory job");
  await importInventory(page);
}

/** The catalog's "Archives" total, as shown. */
export function archivesStat(page: Page) {
  return catalogRegion(page)
    .locator("dt", { hasText: /^Archives$/ })
    .locator("xpath=following-sibling::dd");
}

/** The prepared output of an inventory job in the emulator's store (jobs/<jobId>/output). */
export function inventoryOutputFile(jobId: string): string {
  return path.join(EMULATOR_DATA, "jobs", jobId, "output");
}
