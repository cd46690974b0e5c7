import { expect, test } from "@playwright/test";
import { waitForSucceeded } from "./tracking-helpers";
import { toReview } from "./wizard-helpers";

test("an inventory is imported into the catalog, searched, and prefills a retrieval", async ({ page }) => {
  const description = `E2E tracked inventory ${Date.now()}`;
  await page.goto(`/jobs/new/inventory?vault=documents&Description=${encodeURIComponent(description)}`);
  await toReview(page);
  await page.getByRole("button", { name: "Start inventory job" }).click();
  await expect(page).toHaveURL(/\/jobs\/[^/]+$/);
  await waitForSucceeded(page);

  await page.getByRole("button", { name: "Import inventory" }).click();
  const catalog = page.getByRole("region", { name: "Inventory catalog" });
  await expect(catalog).toBeVisible({ timeout: 20_000 });
  await expect(catalog).toContainText("Archives by size");
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText("Output downloaded");

  // Unicode names decoded from the descriptions; search by a part of one.
  await page.getByLabel("Search archives").fill("crème");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/q=cr%C3%A8me|q=crème/);
  const table = page.getByRole("table", { name: "Archives" });
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table).toContainText("Documents/recipes/crème brûlée.txt");

  await table.getByRole("link", { name: "Retrieve Documents/recipes/crème brûlée.txt" }).click();
  await expect(page).toHaveURL(/\/jobs\/new\/archive\?/);
  const archiveId = new URL(page.url()).searchParams.get("ArchiveId") ?? "";
  expect(archiveId).not.toBe("");
  await expect(page.getByLabel("Vault")).toHaveValue("documents");
  await expect(page.getByLabel("Archive id")).toHaveValue(archiveId);
});
