import { expect, type Locator, type Page, test } from "@playwright/test";
import accounts from "./e2e-accounts.json";
import { screenshot } from "./helpers";
import { importInventory, startFromWizard } from "./inventory-import-helpers";
import { jobIdFromUrl, toReview, uploadArchive } from "./wizard-helpers";

/**
 * Issue #16 item 7: the jobs list, the review, the overview's chart, the vault page and the header read well
 * at 1280 px. Each screen is also saved under .tmp/e2e-screens (helpers.ts) for a person to look at.
 */

test.use({ viewport: { width: 1280, height: 900 } });

const VAULT = "photos";

/** Whether an element shows all of its content: nothing cut off to the right or below. */
const fitsInBox = (locator: Locator) =>
  locator.evaluate((el) => el.scrollWidth <= el.clientWidth + 1 && el.scrollHeight <= el.clientHeight + 1);

/** The jobs grid's sideways-scrolling box (the one around role=table). */
const jobsGridBox = (page: Page) => page.getByRole("table", { name: "Jobs" }).locator("xpath=..");

/** Starts an archive retrieval through the wizard, prefilled as a shared link would be; returns the job id. */
async function retrieve(
  page: Page,
  archiveId: string,
  tier: string,
  description: string,
  atReview?: () => Promise<void>,
) {
  const params = new URLSearchParams({
    vault: VAULT,
    ArchiveId: archiveId,
    Tier: tier,
    Description: description,
  });
  await page.goto(`/jobs/new/archive?${params}`);
  await toReview(page);
  await atReview?.();
  await page.getByRole("button", { name: "Start retrieval job" }).click();
  await expect(page).toHaveURL(/\/jobs\/[^/]+$/);
  return jobIdFromUrl(page.url());
}

test("the jobs list fits 1280 px: full tier names, each job named by its description, the rest on a second line and on hover", async ({
  page,
}) => {
  const stamp = Date.now();
  const archiveId = await uploadArchive(VAULT, 64 * 1024, `screens ${stamp}`);
  const first = `Screens first ${stamp}`;
  const second = `Screens second ${stamp}`;

  const firstJob = await retrieve(page, archiveId, "Expedited", first, async () => {
    // The review's request, CLI command and boto3 call show whole inside their boxes: wrapped, never cut off.
    for (const name of ["InitiateJob request", "AWS CLI command", "boto3 call"]) {
      const block = page.getByLabel(name, { exact: true });
      await expect(block).toBeVisible();
      expect(await fitsInBox(block), `${name} shows all of its text`).toBe(true);
    }
    await screenshot(page, "review-archive");
  });
  await retrieve(page, archiveId, "Bulk", second);

  await page.goto(`/jobs?q=${encodeURIComponent(`screens`)}`);
  const table = page.getByRole("table", { name: "Jobs" });
  await expect(table.getByRole("columnheader")).toHaveText([
    /^Job/,
    /^Tier/,
    /^Status/,
    /^Created \(UTC\)/,
    /^Completed \(UTC\)/,
    /^Size/,
    /^Time left/,
    /^Est\. cost/,
  ]);
  const rowOf = (description: string) => table.getByRole("row").filter({ hasText: description });
  for (const [description, tier] of [
    [first, "Expedited"],
    [second, "Bulk"],
  ] as const) {
    const row = rowOf(description);
    // The label is the job's own description, so two jobs of one archive do not look alike.
    await expect(row.getByRole("link", { name: description, exact: true })).toBeVisible();
    await expect(row).toContainText(`Archive · ${VAULT}`);
    const tierCell = row.getByRole("cell").nth(1);
    await expect(tierCell).toHaveText(tier);
    expect(await fitsInBox(tierCell), `${tier} is not cut short`).toBe(true);
  }
  // What the two lines leave out is in the hover text: the job id and the archive id.
  const hover = await rowOf(first).getByRole("cell").first().locator("[title]").first().getAttribute("title");
  expect(hover).toContain(firstJob);
  expect(hover).toContain(archiveId);

  // No sideways scrolling from 1280 px up.
  expect(await fitsInBox(jobsGridBox(page)), "the grid fits at 1280 px").toBe(true);
  await page.setViewportSize({ width: 1440, height: 900 });
  expect(await fitsInBox(jobsGridBox(page)), "the grid fits at 1440 px").toBe(true);

  // The whole list as a person opens it, every kind of job this run started, at both widths.
  await page.goto("/jobs");
  await expect(table.getByRole("row").nth(1)).toBeVisible();
  for (const width of [1440, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    expect(await fitsInBox(jobsGridBox(page)), `the whole list fits at ${width} px`).toBe(true);
    await screenshot(page, `jobs-list-${width}`);
  }
});

test("the overview's spend by vault is bars with their values written out, scaled to the largest", async ({
  page,
}) => {
  // At least one priced job this month (an Expedited retrieval has a per-request fee).
  await retrieve(page, await uploadArchive(VAULT, 1024, "spend"), "Expedited", `Screens spend ${Date.now()}`);
  await page.goto("/");
  const chart = page.getByRole("list", { name: "Estimated spend by vault" });
  const items = chart.getByRole("listitem");
  await expect(items.first()).toBeVisible();
  // Screen readers read the values as text; the bars are decoration.
  await expect(items.first()).toContainText(/\$\d/);
  const bar = items.first().getByTestId("bar");
  const share = await bar.evaluate(
    (el) => el.getBoundingClientRect().width / (el.parentElement?.getBoundingClientRect().width ?? 1),
  );
  expect(share, "the largest vault's bar spans its track (not a flat line)").toBeGreaterThan(0.99);
  expect(await bar.locator("xpath=..").getAttribute("aria-hidden")).toBe("true");
  // Each label shows whole (vault and connection), however long the vault's name.
  for (const label of await items.locator("span:first-child").all())
    expect(await fitsInBox(label), `${await label.textContent()} shows whole`).toBe(true);
  await screenshot(page, "overview");
});

test("the vault page links to its latest catalog and to its jobs", async ({ page }) => {
  // The job names the e2e SNS topic: Thaw hears of its completion at once, not at the next tracking run.
  await page.goto(
    `/jobs/new/inventory?${new URLSearchParams({ vault: "documents", SNSTopic: accounts.snsTopicArn })}`,
  );
  await startFromWizard(page, "Start inventory job");
  await importInventory(page);
  const inventoryJob = jobIdFromUrl(page.url());

  await page.goto("/vaults/documents");
  const links = page.getByRole("navigation", { name: "This vault in Thaw" });
  await expect(links).toBeVisible();
  await screenshot(page, "vault-page");
  await expect(links.getByRole("link", { name: "Latest catalog" })).toHaveAttribute(
    "href",
    `/jobs/${encodeURIComponent(inventoryJob)}#catalog`,
  );
  await links.getByRole("link", { name: "Latest catalog" }).click();
  await expect(page.getByRole("region", { name: "Inventory catalog" })).toBeVisible();

  await page.goto("/vaults/documents");
  await links.getByRole("link", { name: "Jobs of this vault" }).click();
  await expect(page).toHaveURL(/\/jobs\?vault=documents$/);
  await expect(page.getByRole("combobox", { name: /^Vault/ })).toHaveValue("documents");

  // Every cell but the Job label (which may end in "…") shows all of its content, words for a missing
  // price (this inventory's "no price known") included.
  const row = page
    .getByRole("table", { name: "Jobs" })
    .getByRole("row")
    .filter({ hasText: "Inventory of documents" });
  const cells = row.first().getByRole("cell");
  await expect(cells).toHaveCount(8);
  for (let i = 1; i < 8; i++) {
    expect(await fitsInBox(cells.nth(i)), `cell ${i} of the inventory's row`).toBe(true);
  }
});

test("the header and the connections list name the account and the region in words", async ({ page }) => {
  await page.goto("/settings/connections");
  // Whichever connection is active: its account id or the words for "-", then the region's name and code.
  await expect(page.getByTestId("active-connection-scope")).toHaveText(
    /^(The account of these credentials|Account \d{12}) · .+, [a-z]{2}(-gov)?-[a-z]+-\d$/,
  );
  const local = page.getByRole("listitem", { name: "Local Glacier" });
  await expect(local).toContainText("US East (N. Virginia), us-east-1 · the account of these credentials");
  await expect(page.getByRole("list", { name: "Connections" })).not.toContainText(/account -(\s|$)/);
});
