import { expect, test } from "@playwright/test";
import { findImportedJobRow, startCsvSelectOutsideThaw, waitForSucceeded } from "./tracking-helpers";

test("a select job's result rows are previewed and downloadable on its page", async ({ page }) => {
  const stamp = Date.now();
  const csv = "id,region,units\n1,north,10\n2,south,20\n3,south,30\n";
  const description = `E2E select ${stamp}`;
  await startCsvSelectOutsideThaw({
    vaultName: "reports",
    csv,
    archiveDescription: `e2e-${stamp}.csv`,
    description,
    expression: "SELECT s.id, s.units FROM archive s WHERE s.region = 'south'",
    prefix: `e2e-${stamp}`,
  });

  const row = await findImportedJobRow(page, description);
  await row.getByRole("link", { name: description }).click();
  await waitForSucceeded(page);
  await expect(page.getByRole("list", { name: "Result objects" })).toContainText(`e2e-${stamp}/`);
  const preview = page.getByRole("table", { name: "Result preview" });
  await expect(preview.getByRole("row")).toHaveCount(2);
  await expect(preview).toContainText("30");

  const downloading = page.waitForEvent("download");
  await page
    .getByRole("link", { name: /^Download .*results\/.*\.csv$/ })
    .first()
    .click();
  expect((await downloading).suggestedFilename()).toMatch(/\.csv$/);
});
