import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import {
  corruptArchiveByte,
  fastGlacierDescription,
  findImportedJobRow,
  findJobRow,
  startJobOutsideThaw,
  waitForSucceeded,
} from "./tracking-helpers";
import { toReview, uploadArchive } from "./wizard-helpers";

const VAULT = "photos";
const MIB = 1024 * 1024;

test("an archive retrieval goes from the wizard to a verified download named from its description", async ({
  page,
}) => {
  const stamp = Date.now();
  const size = 3 * MIB + 10;
  const archiveId = await uploadArchive(
    VAULT,
    size,
    fastGlacierDescription(`e2e/tracking/résumé ${stamp}.bin`),
  );
  const description = `E2E tracked archive ${stamp}`;

  await page.goto(
    `/jobs/new/archive?vault=${VAULT}&ArchiveId=${archiveId}&Tier=Expedited&Description=${encodeURIComponent(description)}`,
  );
  await toReview(page);
  await page.getByRole("button", { name: "Start retrieval job" }).click();
  await expect(page).toHaveURL(/\/jobs\/[^/]+$/);
  await waitForSucceeded(page);
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText("Completed");
  await expect(page.getByText("Not verified yet")).toBeVisible();

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download", exact: true }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`résumé ${stamp}.bin`);
  const saved = readFileSync(await download.path());
  expect(saved.equals(Buffer.alloc(size, 7))).toBe(true);
  await expect(page.getByText("Verified", { exact: true }).first()).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText("Output downloaded");

  // The jobs page finds it by search, with the state in the URL, and shows the verdict.
  const row = await findJobRow(page, description);
  await expect(page).toHaveURL(/[?&]q=E2E/);
  await expect(row).toContainText("verified");
  await expect(row).toContainText(`résumé ${stamp}.bin`);
  await page.getByRole("button", { name: "Size" }).click();
  await expect(page).toHaveURL(/sort=size/);
});

test("a job started outside Thaw is imported, and a corrupted stored byte shows as a tree-hash mismatch", async ({
  page,
}) => {
  const stamp = Date.now();
  const archiveId = await uploadArchive(VAULT, 2 * MIB + 5, `e2e corrupt ${stamp}`);
  corruptArchiveByte(archiveId, MIB + 7);
  const description = `E2E corrupt ${stamp}`;
  await startJobOutsideThaw(VAULT, {
    Type: "archive-retrieval",
    ArchiveId: archiveId,
    Tier: "Expedited",
    Description: description,
  });

  const row = await findImportedJobRow(page, description);
  await expect(row).toContainText("started outside Thaw");
  await row.getByRole("link", { name: description }).click();
  await waitForSucceeded(page);
  await page.getByRole("button", { name: "Verify only" }).click();
  await expect(page.getByRole("progressbar", { name: "Verification progress" })).toBeVisible();
  await expect(page.getByText("Tree-hash mismatch", { exact: true }).first()).toBeVisible({
    timeout: 15_000,
  });
  await expect(page.getByRole("alert").filter({ hasText: "Tree-hash mismatch" })).toBeVisible();
});
