import { expect, test } from "@playwright/test";
import { catalogRegion, importInventory, runInventoryJob, startFromWizard } from "./inventory-import-helpers";

/**
 * Synology Glacier Backup (formats.md §1.8): `photos` holds opaque archive names, `photos_mapping`
 * one SQLite database naming them. The emulator's demo seed writes that pair.
 */
test("a Synology vault's archives are named from its _mapping vault's database", async ({ page }) => {
  test.setTimeout(120_000);
  const stamp = Date.now();

  // The data vault's inventory: opaque names, and a hint that says where the real ones are.
  const dataJob = await runInventoryJob(page, "photos", `E2E Synology photos ${stamp}`);
  await importInventory(page);
  const catalog = catalogRegion(page);
  await expect(catalog).toContainText("This looks like a Synology Glacier Backup vault");
  await page.getByLabel("Search archives").fill("IMG_4000");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page.getByRole("table", { name: "Archives" }).getByRole("row")).toHaveCount(1);

  // Follow the hint: an inventory of photos_mapping, whose one archive is then retrieved.
  await catalog.getByRole("link", { name: "inventory of photos_mapping" }).click();
  await expect(page).toHaveURL(/\/jobs\/new\/inventory\?.*vault=photos_mapping/);
  await startFromWizard(page, "Start inventory job");
  await importInventory(page);
  const mappingTable = page.getByRole("table", { name: "Archives" });
  await expect(mappingTable.getByRole("row")).toHaveCount(2);
  await mappingTable.getByRole("link", { name: /^Retrieve / }).click();
  await expect(page).toHaveURL(/\/jobs\/new\/archive\?/);
  await expect(page.getByLabel("Vault")).toHaveValue("photos_mapping");
  await startFromWizard(page, "Start retrieval job");

  // The retrieval's page offers the import; it names every archive of the data vault.
  await expect(page.getByText(/comes from a Synology mapping vault/)).toContainText("photos");
  await page.getByRole("button", { name: "Import Synology names" }).click();
  await expect(
    page.getByText(/^Named \d+ archives of photos \(\d+ in its catalogued inventories\)\.$/),
  ).toBeVisible({
    timeout: 20_000,
  });
  await expect(page.getByText("Synology mapping import: finished")).toBeVisible();

  // Back on the data vault's catalog: the Synology paths, searchable.
  await page.goto(`/jobs/${encodeURIComponent(dataJob)}?q=IMG_4000#catalog`);
  await expect(catalogRegion(page)).toContainText(
    "archives are named from the vault's Synology mapping database",
  );
  const table = page.getByRole("table", { name: "Archives" });
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table).toContainText(/photo\/2018\/[A-Za-z]+\/IMG_4000\.JPG/);
  await expect(table).toContainText("synology");
  // Two versions of an edited photo are both named (every tenth photo, from IMG_4021 on).
  await page.goto(`/jobs/${encodeURIComponent(dataJob)}?q=IMG_4021#catalog`);
  await expect(table.getByRole("row")).toHaveCount(3);
});
