import { expect, test } from "@playwright/test";
import {
  copyLink,
  jobIdFromUrl,
  jobIds,
  jobsStartedSince,
  nextStep,
  openElsewhere,
  reviewTexts,
  stepHeading,
  uploadArchive,
} from "./wizard-helpers";

const VAULT = "photos";
const MIB = 1024 * 1024;

test("compose an archive retrieval, share it, reopen it elsewhere, submit, and find it in the job list", async ({
  page,
  browser,
}) => {
  const archiveId = await uploadArchive(VAULT, 3 * MIB + 10, "e2e archive");
  const description = `E2E archive ${Date.now()}`;

  await page.goto(`/jobs/new/archive?vault=${VAULT}`);
  await expect(page.getByLabel("Vault")).toHaveValue(VAULT);
  await page.getByLabel("Archive id").fill(`${archiveId}\n`);
  await nextStep(page);

  await expect(stepHeading(page, "Parameters")).toBeFocused();
  await page.getByRole("radio", { name: "A byte range" }).check();
  const range = page.getByLabel("Byte range (first-last, inclusive)");
  await range.fill("5-1500000");
  await page.getByRole("button", { name: "Snap to megabyte boundaries" }).click();
  await expect(range).toHaveValue(`0-${2 * MIB - 1}`);
  const facts = page.getByLabel("Byte range facts");
  await expect(facts).toContainText("2.00 MiB (2,097,152 bytes)");
  await expect(facts).toContainText("Tree-hash aligned");
  await expect(facts).toContainText("Yes: the download comes with a SHA-256 tree hash");
  // Each tier shows its time and price.
  await expect(page.getByText("5–12 hours")).toBeVisible();
  await page.getByRole("radio", { name: /Bulk/ }).check();
  await nextStep(page);

  await page.getByLabel("Description (optional)").fill(description);
  await nextStep(page);
  await expect(stepHeading(page, "Review")).toBeFocused();
  await expect(page.getByRole("region", { name: "Estimated cost and time" })).toContainText("5–12 hours");
  const review = await reviewTexts(page);
  expect(review.cli).toContain(`"RetrievalByteRange":"0-${2 * MIB - 1}","Tier":"Bulk"`);

  const link = await copyLink(page);
  expect(new URL(link).searchParams.get("ArchiveId")).toBe(archiveId);
  expect(link).toContain("Tier=Bulk");
  expect(link).toContain(`RetrievalByteRange=0-${2 * MIB - 1}`);

  const other = await openElsewhere(browser, page, link);
  await expect(other.getByLabel("Archive id")).toHaveValue(archiveId);
  await nextStep(other);
  await expect(other.getByLabel("Byte range (first-last, inclusive)")).toHaveValue(`0-${2 * MIB - 1}`);
  await expect(other.getByRole("radio", { name: /Bulk/ })).toBeChecked();
  await nextStep(other);
  await expect(other.getByLabel("Description (optional)")).toHaveValue(description);
  await nextStep(other);
  expect(await reviewTexts(other)).toEqual(review);
  await other.context().close();

  const before = await jobIds(VAULT);
  await page.getByRole("button", { name: "Start retrieval job" }).click();
  await expect(page).toHaveURL(/\/jobs\/[^/]+$/);
  const jobId = jobIdFromUrl(page.url());
  expect(await jobsStartedSince(VAULT, before)).toEqual([jobId]);
  await expect(page.getByLabel("Recorded parameters")).toContainText('"Tier": "Bulk"');

  // "Run again" opens the same wizard prefilled from the recorded parameters.
  await page.getByRole("link", { name: "Run again" }).click();
  await expect(page).toHaveURL(/\/jobs\/new\/archive\?/);
  await expect(page.getByLabel("Archive id")).toHaveValue(archiveId);

  await page.goto("/jobs");
  await expect(page.getByRole("row").filter({ hasText: description })).toBeVisible();
});

test("a double click on submit starts one job", async ({ page }) => {
  const archiveId = await uploadArchive(VAULT, 1000, "double click");
  await page.goto(
    `/jobs/new/archive?vault=${VAULT}&ArchiveId=${encodeURIComponent(archiveId)}&Tier=Standard&Description=double`,
  );
  await nextStep(page);
  await nextStep(page);
  await nextStep(page);
  const before = await jobIds(VAULT);
  await page.getByRole("button", { name: "Start retrieval job" }).dblclick();
  await expect(page).toHaveURL(/\/jobs\/[^/]+$/);
  expect(await jobsStartedSince(VAULT, before)).toHaveLength(1);
});

test("the byte range helper explains alignment without the archive's size", async ({ page }) => {
  await page.goto(`/jobs/new/archive?vault=${VAULT}&ArchiveId=abc&RetrievalByteRange=${MIB}-${3 * MIB - 1}`);
  await nextStep(page);
  const facts = page.getByLabel("Byte range facts");
  await expect(facts).toContainText("2.00 MiB");
  await expect(facts).toContainText("Megabyte aligned");
  // [1 MiB, 3 MiB) is megabyte aligned but not a tree node (glacier-api.md §7.2).
  await expect(facts).toContainText("No: Glacier sends no checksum");
  await page.getByRole("button", { name: "Snap to a tree-hash node" }).click();
  await expect(page.getByLabel("Byte range (first-last, inclusive)")).toHaveValue(`0-${4 * MIB - 1}`);
  await page.getByLabel("Byte range (first-last, inclusive)").fill("7-9");
  await nextStep(page);
  await expect(page.getByText(/is not megabyte aligned/)).toBeVisible();
});

test("an archive the vault does not have: Glacier's refusal lands at the archive id, and the corrected form goes through", async ({
  page,
}) => {
  const archiveId = await uploadArchive(VAULT, 100, "fix me");
  await page.goto(`/jobs/new/archive?vault=${VAULT}&ArchiveId=not-in-this-vault`);
  await nextStep(page);
  await nextStep(page);
  await nextStep(page);
  const before = await jobIds(VAULT);
  await page.getByRole("button", { name: "Start retrieval job" }).click();
  await expect(stepHeading(page, "Target")).toBeVisible();
  await expect(page.getByText(/Vault photos has no archive with this id/).first()).toBeVisible();
  await expect(page.getByLabel("Archive id")).toHaveAttribute("aria-invalid", "true");
  expect(await jobsStartedSince(VAULT, before)).toEqual([]);

  // Same form (same submission key): the refused attempt released it.
  await page.getByLabel("Archive id").fill(archiveId);
  await nextStep(page);
  await nextStep(page);
  await nextStep(page);
  await page.getByRole("button", { name: "Start retrieval job" }).click();
  await expect(page).toHaveURL(/\/jobs\/[^/]+$/);
  expect(await jobsStartedSince(VAULT, before)).toHaveLength(1);
});
