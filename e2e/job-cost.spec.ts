import { CreateVaultCommand, UploadArchiveCommand } from "@aws-sdk/client-glacier";
import { expect, type Page, test } from "@playwright/test";
import { formatBytes } from "../lib/glacier/format";
import { UNKNOWN_COST } from "../lib/glacier/job-cost";
import { emptySelectJob } from "../lib/glacier/schemas/select-job";
import { selectShareLinkPath } from "../lib/glacier/schemas/select-link";
import { callAction, serverAction } from "./action-client";
import accounts from "./e2e-accounts.json";
import { screenshot } from "./helpers";
import { importInventory, startFromWizard } from "./inventory-import-helpers";
import { fastGlacierDescription, findJobRow } from "./tracking-helpers";
import { glacier, nextStep, toReview, uploadArchive } from "./wizard-helpers";

/**
 * Issue #16 items 3 and 4 in Chromium: one select estimate, the same on the review, the job page, the
 * jobs list and the overview; a pasted archive id named from the catalog and its byte range judged
 * against the archive's size at once, with the message the submission gives.
 */

const MIB = 1024 * 1024;

/** A vault of its own (the overview sums per vault), holding one archive, catalogued through the UI. */
async function catalogedVault(page: Page, prefix: string, body: Buffer, description: string) {
  const vaultName = `${prefix}-${Date.now()}`;
  await glacier().send(new CreateVaultCommand({ accountId: "-", vaultName }));
  const { archiveId } = await glacier().send(
    new UploadArchiveCommand({ accountId: "-", vaultName, body, archiveDescription: description }),
  );
  if (!archiveId) throw new Error("UploadArchive returned no archive id");
  await inventoryNotified(page, vaultName);
  return { vaultName, archiveId };
}

/**
 * Inventories the vault through the wizard and imports it. The job names the e2e SNS topic: Thaw hears
 * of its completion at once instead of at the next tracking run (minutes away for this tier).
 */
async function inventoryNotified(page: Page, vault: string) {
  const link = new URLSearchParams({
    vault,
    Description: `E2E catalog of ${vault} ${Date.now()}`,
    SNSTopic: accounts.snsTopicArn,
  });
  await page.goto(`/jobs/new/inventory?${link.toString()}`);
  await startFromWizard(page, "Start inventory job");
  await importInventory(page);
}

const catalogFacts = (page: Page) => page.getByLabel("Archive in the catalog");

test("a select job's estimate is the same figure on the review, the job page, the jobs list and the overview", async ({
  page,
}) => {
  const stamp = Date.now();
  const name = `sales-${stamp}.csv`;
  const csv = Buffer.from("id,region,units\n".concat("1,north,10\n".repeat(300_000)));
  const { vaultName, archiveId } = await catalogedVault(page, "e2e-cost", csv, name);

  const job = emptySelectJob(vaultName, archiveId);
  job.Tier = "Standard";
  job.Description = `E2E cost ${stamp}`;
  job.SelectParameters.Expression = "SELECT s.region FROM archive s";
  job.SelectParameters.InputSerialization.csv.FileHeaderInfo = "USE";
  job.OutputLocation.S3.BucketName = "thaw-results";
  job.OutputLocation.S3.Prefix = `cost-${stamp}`;
  // A shared link: its form names the archive the colleague is about to pay for.
  await page.goto(selectShareLinkPath(job));
  await expect(catalogFacts(page)).toContainText(name);
  await expect(catalogFacts(page)).toContainText(vaultName);

  await toReview(page);
  const estimate = page.getByRole("region", { name: "Estimated cost and time" });
  const figure = (await estimate.getByTestId("job-cost").textContent()) ?? "";
  expect(figure).toMatch(/^≈ \$\d/);
  await expect(estimate).toContainText(
    `${formatBytes(csv.length)} scanned: the archive's size in the vault's catalog`,
  );
  await expect(page.getByRole("region", { name: "Archive" })).toContainText(name);
  await screenshot(page, "select-cost-review");

  await page.getByRole("button", { name: "Start select job" }).click();
  await expect(page).toHaveURL(/\/jobs\/[^/]+$/);
  const onJobPage = page.getByTestId("job-cost");
  await expect(onJobPage.first()).toHaveText(figure);
  await expect(onJobPage).toHaveCount(2);
  await expect(onJobPage.last()).toHaveText(figure);
  await expect(catalogFacts(page)).toContainText(name);
  await screenshot(page, "select-cost-job-page");

  const row = await findJobRow(page, job.Description);
  await expect(row.getByTestId("job-cost")).toHaveText(figure);

  await page.goto("/");
  const spend = page.getByRole("table", { name: "Spend by connection and vault" });
  await expect(spend.getByRole("row").filter({ hasText: vaultName })).toContainText(figure);
});

test("a select job on an archive the catalog does not list says 'unknown until …' everywhere, and is priced once an inventory lists it", async ({
  page,
}) => {
  const stamp = Date.now();
  const { vaultName } = await catalogedVault(page, "e2e-unknown", Buffer.from("id\n1\n"), "first.csv");
  const later = await uploadArchive(vaultName, 2 * MIB, `later-${stamp}.csv`);
  const job = emptySelectJob(vaultName, later);
  job.Description = `E2E unknown cost ${stamp}`;
  job.SelectParameters.Expression = "SELECT * FROM archive";
  job.OutputLocation.S3.BucketName = "thaw-results";
  job.OutputLocation.S3.Prefix = `unknown-${stamp}`;
  await page.goto(selectShareLinkPath(job));
  await expect(page.getByText("This archive is not in the vault's catalog")).toBeVisible();
  await toReview(page);
  await expect(
    page.getByRole("region", { name: "Estimated cost and time" }).getByTestId("job-cost"),
  ).toHaveText(UNKNOWN_COST);
  await page.getByRole("button", { name: "Start select job" }).click();
  await expect(page).toHaveURL(/\/jobs\/[^/]+$/);
  const onJobPage = page.getByTestId("job-cost");
  await expect(onJobPage).toHaveCount(2);
  for (const figure of await onJobPage.all()) await expect(figure).toHaveText(UNKNOWN_COST);
  const row = await findJobRow(page, job.Description);
  await expect(row.getByTestId("job-cost")).toHaveText(UNKNOWN_COST);

  // An inventory that lists the archive gives the size the price was waiting for.
  await inventoryNotified(page, vaultName);
  const priced = await findJobRow(page, job.Description);
  await expect(priced.getByTestId("job-cost")).toHaveText(/^≈ \$\d/);
  await expect(priced.getByTestId("job-cost")).toHaveAttribute(
    "title",
    "2.00 MiB scanned: the archive's size in the vault's catalog",
  );
});

test("a pasted archive id shows the archive's name and a too-long byte range is refused at once", async ({
  page,
}) => {
  const stamp = Date.now();
  const name = `e2e/clip-${stamp}.mp4`;
  const { vaultName, archiveId } = await catalogedVault(
    page,
    "e2e-range",
    Buffer.alloc(5.5 * MIB, 3),
    fastGlacierDescription(name),
  );
  // An id the catalog does not know says so; the pasted one is named.
  const unknown = await uploadArchive(vaultName, 1024, "uncatalogued");
  await page.goto(`/jobs/new/archive?vault=${encodeURIComponent(vaultName)}`);
  const idField = page.getByLabel("Archive id", { exact: true });
  await idField.fill(unknown);
  await expect(page.getByText("This archive is not in the vault's catalog")).toBeVisible();
  await idField.fill(`${archiveId}\n`);
  await expect(catalogFacts(page)).toContainText(name);
  await expect(catalogFacts(page)).toContainText("5.50 MiB");
  await expect(catalogFacts(page)).toContainText(vaultName);

  await nextStep(page);
  await page.getByRole("radio", { name: "A byte range" }).check();
  const range = page.getByLabel("Byte range (first-last, inclusive)");
  await range.fill("0-8388607");
  // No blur, no Next: the message is there as soon as the range is typed.
  const message = page.locator("p[id$='-error']").filter({ hasText: "0-8388607" });
  await expect(message.first()).toBeVisible();
  // The message in the screen's words (the API path and AWS's code follow in small print).
  const shown = (await message.first().evaluate((p) => p.firstChild?.textContent)) ?? "";
  expect(shown).toContain(String(5.5 * MIB));

  // The submission refuses the same range with the same words, before Glacier is asked.
  const job = {
    vault: vaultName,
    ArchiveId: archiveId,
    RetrievalByteRange: "0-8388607",
    Tier: "Standard",
    Description: "",
    SNSTopic: "",
  };
  const response = await callAction(
    page.request,
    serverAction("submitArchiveJobAction"),
    JSON.stringify([{ idempotencyKey: crypto.randomUUID(), job }]),
  );
  expect(await response.text()).toContain(JSON.stringify(shown.trim()).slice(1, -1));
  // Refused by Thaw's own check with the catalog's size: no InitiateJob attempt was made (or audited).
  const audit = await (await page.request.get("/audit/export?action=job.initiate")).text();
  const attempts = audit
    .split("\r\n")
    .filter((l) => l.includes(vaultName) && l.includes("archive-retrieval"));
  expect(attempts).toHaveLength(0);
  await range.fill(`0-${MIB - 1}`);
  await expect(message).toHaveCount(0);
});
