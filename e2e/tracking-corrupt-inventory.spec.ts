import { readFileSync, writeFileSync } from "node:fs";
import { CreateVaultCommand } from "@aws-sdk/client-glacier";
import { expect, type Page, test } from "@playwright/test";
import {
  archivesStat,
  catalogRegion,
  importInventory,
  inventoryOutputFile,
  runInventoryJob,
} from "./inventory-import-helpers";
import { fastGlacierDescription } from "./tracking-helpers";
import { glacier, uploadArchive } from "./wizard-helpers";

/** One byte of the JSON inventory broken (same length, so Glacier's size still matches). */
function breakOneByte(inventory: Buffer): Buffer {
  const at = inventory.indexOf('"Size":');
  if (at < 0) throw new Error("expected a JSON inventory with a Size member");
  const broken = Buffer.from(inventory);
  broken[at + '"Size"'.length] = ";".charCodeAt(0);
  return broken;
}

const importFailure = (page: Page) => page.getByText("Inventory import: failed");

test("a corrupt or cut inventory is refused with a clear message, leaves the catalog as it was, and imports once whole", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const vault = `e2e-corrupt-inventory-${stamp}`;
  await glacier().send(new CreateVaultCommand({ accountId: "-", vaultName: vault }));
  for (const name of ["first.txt", "second.txt"]) {
    await uploadArchive(vault, 100, fastGlacierDescription(`e2e/${stamp}/${name}`));
  }

  // The catalog before: the vault's first inventory, two archives.
  const firstJob = await runInventoryJob(page, vault, `E2E first inventory ${stamp}`);
  await importInventory(page);
  await expect(archivesStat(page)).toHaveText("2");

  await uploadArchive(vault, 100, fastGlacierDescription(`e2e/${stamp}/third.txt`));
  const secondJob = await runInventoryJob(page, vault, `E2E second inventory ${stamp}`);
  const output = inventoryOutputFile(secondJob);
  const whole = readFileSync(output);

  // A corrupt byte: where it is, and that nothing was kept.
  writeFileSync(output, breakOneByte(whole));
  await page.getByRole("button", { name: "Import inventory" }).click();
  await expect(importFailure(page)).toBeVisible({ timeout: 20_000 });
  await expect(
    page.getByText(/^Invalid inventory at .*byte \d+.*Nothing was imported; the catalog is unchanged\.$/),
  ).toBeVisible();
  await expect(catalogRegion(page)).toHaveCount(0);

  // Cut half-way (the emulator's stream ends early): refused too.
  writeFileSync(output, whole.subarray(0, Math.floor(whole.length / 2)));
  await page.getByRole("button", { name: "Import inventory again" }).click();
  await expect(importFailure(page)).toBeVisible({ timeout: 20_000 });
  await expect(
    page.getByText(
      /^The inventory stopped arriving part-way .*Nothing was imported; the catalog is unchanged\./,
    ),
  ).toBeVisible();
  await page.reload();
  await expect(catalogRegion(page)).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Import inventory/ })).toBeVisible();

  // The catalog is as before: the first inventory, alone.
  await page.goto(`/jobs/${encodeURIComponent(firstJob)}`);
  await expect(archivesStat(page)).toHaveText("2");
  await expect(catalogRegion(page)).not.toContainText("versions catalogued");

  // Once the output is whole again, the import works and compares with the first inventory.
  writeFileSync(output, whole);
  await page.goto(`/jobs/${encodeURIComponent(secondJob)}`);
  await page.getByRole("button", { name: /^Import inventory/ }).click();
  await expect(catalogRegion(page)).toBeVisible({ timeout: 20_000 });
  await expect(archivesStat(page)).toHaveText("3");
  await expect(page.getByLabel("Changes since the previous inventory")).toContainText("+1 added");
  await expect(catalogRegion(page)).toContainText("2 versions catalogued");
});
