import { UploadArchiveCommand } from "@aws-sdk/client-glacier";
import { expect, test } from "@playwright/test";
import { findJobRow, startJobOutsideThaw, waitForSucceeded } from "./tracking-helpers";
import { glacier } from "./wizard-helpers";

test("a select job's result rows are previewed and downloadable on its page", async ({ page }) => {
  const stamp = Date.now();
  const csv = "id,region,units\n1,north,10\n2,south,20\n3,south,30\n";
  const upload = await glacier().send(
    new UploadArchiveCommand({
      accountId: "-",
      vaultName: "reports",
      body: Buffer.from(csv),
      archiveDescription: `e2e-${stamp}.csv`,
    }),
  );
  expect(upload.archiveId).toBeTruthy();
  const description = `E2E select ${stamp}`;
  await startJobOutsideThaw("reports", {
    Type: "select",
    ArchiveId: upload.archiveId,
    Tier: "Expedited",
    Description: description,
    SelectParameters: {
      ExpressionType: "SQL",
      Expression: "SELECT s.id, s.units FROM S3Object s WHERE s.region = 'south'",
      InputSerialization: { csv: { FileHeaderInfo: "USE" } },
      OutputSerialization: { csv: {} },
    },
    OutputLocation: { S3: { BucketName: "thaw-results", Prefix: `e2e-${stamp}` } },
  });

  const row = await findJobRow(page, description);
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
