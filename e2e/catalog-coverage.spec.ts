import { CreateVaultCommand } from "@aws-sdk/client-glacier";
import { expect, test } from "@playwright/test";
import { screenshot } from "./helpers";
import {
  archivesStat,
  catalogRegion,
  importInventory,
  runInventoryJob,
  startFromWizard,
} from "./inventory-import-helpers";
import { fastGlacierDescription, findJobRow } from "./tracking-helpers";
import { glacier, uploadArchive } from "./wizard-helpers";

/** Issue #16 items 1 and 2 in Chromium: a windowed inventory is labelled and compared like with like; a range is a range. */

const MIB = 1024 * 1024;
const daysAgo = (days: number) =>
  `${new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10)}T00:00:00Z`;

test("a full then a windowed inventory of reports: the windowed one is labelled and shows no false removals", async ({
  page,
}) => {
  const stamp = Date.now();
  await runInventoryJob(page, "reports", `E2E whole ${stamp}`);
  await importInventory(page);
  await expect(archivesStat(page)).toHaveText("5");

  // The demo's reports were created 1400, 1050, 950, 860 and 800 days ago: this window holds three.
  const window = new URLSearchParams({
    vault: "reports",
    Description: `E2E window ${stamp}`,
    "InventoryRetrievalParameters.StartDate": daysAgo(1100),
    "InventoryRetrievalParameters.EndDate": daysAgo(830),
  });
  await page.goto(`/jobs/new/inventory?${window.toString()}`);
  await startFromWizard(page, "Start inventory job");
  await importInventory(page);
  const catalog = catalogRegion(page);
  await expect(archivesStat(page)).toHaveText("3");
  await expect(catalog.getByRole("note", { name: "Inventory coverage" })).toContainText(
    "Partial inventory: it covers a date window only",
  );
  const changes = catalog.getByLabel("Changes since the previous inventory");
  await expect(changes).toContainText("+0 added");
  await expect(changes).toContainText("−0 removed");
  await expect(changes).toContainText("only");
  await expect(
    page.getByRole("link", { name: /Plan migration of all 3 archives in this window/ }),
  ).toBeVisible();
  await screenshot(page, "catalog-window");
});

test("a 1 MiB range of a 5.5 MiB archive is 1 MiB on the job page, in the jobs list and the overview, and downloads under a ranged name", async ({
  page,
}) => {
  const stamp = Date.now();
  // A vault of its own: the overview's line for it holds this job only.
  const vaultName = `e2e-ranged-${stamp}`;
  await glacier().send(new CreateVaultCommand({ accountId: "-", vaultName }));
  const archiveId = await uploadArchive(
    vaultName,
    5.5 * MIB,
    fastGlacierDescription(`e2e/birthday-${stamp}.mp4`),
  );
  const description = `E2E ranged ${stamp}`;
  const query = new URLSearchParams({
    vault: vaultName,
    ArchiveId: archiveId,
    RetrievalByteRange: `${MIB}-${2 * MIB - 1}`,
    Tier: "Expedited",
    Description: description,
  });
  await page.goto(`/jobs/new/archive?${query.toString()}`);
  await startFromWizard(page, "Start retrieval job");
  // The output is the range (the job's own description still gives the archive's 5.50 MiB, as Glacier does).
  await expect(page.getByText(`1.00 MiB (${MIB} bytes)`, { exact: true })).toBeVisible();

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download", exact: true }).click();
  expect((await downloading).suggestedFilename()).toBe(`birthday-${stamp}.mp4.bytes-1048576-2097151`);

  const row = await findJobRow(page, description);
  await expect(row).toContainText("1.00 MiB");
  await expect(row).not.toContainText("5.50 MiB");

  await page.goto("/");
  const spend = page.getByRole("table", { name: "Spend by connection and vault" });
  await expect(spend.getByRole("row").filter({ hasText: vaultName })).toContainText("1.00 MiB");
});

test("a Limit/Marker run of reports, page after page from the prefilled form, merges into one catalog of the vault", async ({
  page,
}) => {
  const stamp = Date.now();
  const first = new URLSearchParams({
    vault: "reports",
    Description: `E2E paged ${stamp}`,
    "InventoryRetrievalParameters.Limit": "2",
  });
  await page.goto(`/jobs/new/inventory?${first.toString()}`);
  await startFromWizard(page, "Start inventory job");
  await importInventory(page);
  const note = catalogRegion(page).getByRole("note", { name: "Inventory coverage" });
  await expect(note).toContainText("the first page of a paged run only (up to 2 archives)");
  await expect(
    page.getByRole("link", { name: /Plan migration of all 2 archives on this page/ }),
  ).toBeVisible();

  for (const archives of ["2", "1"]) {
    await note.getByRole("link", { name: "Request the next page" }).click();
    await expect(page).toHaveURL(/InventoryRetrievalParameters\.Marker=/);
    await startFromWizard(page, "Start inventory job");
    await importInventory(page);
    await expect(archivesStat(page)).toHaveText(archives);
  }
  await expect(note).toContainText("the last page of a paged run");
  await note.getByRole("link", { name: "open the merged catalog of all its pages" }).click();
  await expect(page).toHaveURL(/catalog=merged/);
  await expect(archivesStat(page)).toHaveText("5");
  await expect(catalogRegion(page).getByRole("note", { name: "Inventory coverage" })).toHaveCount(0);
});
