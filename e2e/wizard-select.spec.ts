import { DescribeJobCommand, GetJobOutputCommand, GlacierClient, InitiateJobCommand } from "@aws-sdk/client-glacier";
import { type Page, expect, test } from "@playwright/test";
import { DEMO_ACCESS_KEY_ID, DEMO_SECRET, EMULATOR_URL } from "./helpers";

const VAULT = "reports";
const CSV_ARCHIVE = "reports/sales-2023-q1.csv";

function glacier(): GlacierClient {
  return new GlacierClient({
    endpoint: EMULATOR_URL,
    region: "us-east-1",
    credentials: { accessKeyId: DEMO_ACCESS_KEY_ID, secretAccessKey: DEMO_SECRET },
  });
}

/** The seeded CSV archive's id, the way an admin finds it: an inventory job on the vault, through the SDK. */
async function csvArchiveId(): Promise<string> {
  const client = glacier();
  const { jobId } = await client.send(new InitiateJobCommand({ accountId: "-", vaultName: VAULT, jobParameters: { Type: "inventory-retrieval" } }));
  if (!jobId) throw new Error("InitiateJob returned no job id");
  await expect
    .poll(async () => (await client.send(new DescribeJobCommand({ accountId: "-", vaultName: VAULT, jobId }))).StatusCode, { timeout: 30_000 })
    .toBe("Succeeded");
  const output = await client.send(new GetJobOutputCommand({ accountId: "-", vaultName: VAULT, jobId }));
  const inventory = JSON.parse((await output.body?.transformToString()) ?? "{}") as { ArchiveList?: { ArchiveId: string; ArchiveDescription: string }[] };
  const archive = inventory.ArchiveList?.find((a) => a.ArchiveDescription === CSV_ARCHIVE);
  if (!archive) throw new Error(`${CSV_ARCHIVE} is not in the ${VAULT} inventory`);
  return archive.ArchiveId;
}

/** A long expression (several KB, line breaks, quotes, %, &, +, =) that a link must carry intact. */
function longSql(): string {
  const regions = Array.from({ length: 60 }, (_, i) => `'region-${i} & co = 100%+'`).join(", ");
  return [
    "-- units per region for Q1, with a deliberately long IN list",
    "SELECT s.region, s.product, s.units",
    "FROM S3Object s",
    `WHERE s.region IN ('us-east', 'eu-west', ${regions})`,
    `  AND s.product <> 'Monitor 27"'`,
  ].join("\n");
}

const nextStep = (page: Page) => page.getByRole("button", { name: /^Next/ }).click();
const heading = (page: Page, name: string) => page.getByRole("heading", { level: 2, name: new RegExp(name) });

test("compose a select job, share it by link, reopen it elsewhere, submit, and find it in the job list", async ({ page, browser }) => {
  const archiveId = await csvArchiveId();
  const sql = longSql();
  const description = `E2E select ${Date.now()}`;

  await page.goto(`/jobs/new/select?vault=${VAULT}`);
  await expect(page.getByLabel("Vault")).toHaveValue(VAULT);
  await page.getByLabel("Archive id").fill(archiveId);
  await nextStep(page);

  // Query: SQL in the CodeMirror editor (named by its label), the input CSV, the live preview, the tier.
  await expect(heading(page, "Query")).toBeFocused();
  const editor = page.getByLabel("SQL expression");
  await editor.fill(sql);
  // Tab leaves the editor for the next field: the editor does not trap keyboard users.
  await editor.press("Tab");
  await expect(page.getByLabel("Header line")).toBeFocused();
  await page.getByLabel("Header line").selectOption("USE");
  await page.getByLabel("Sample lines").fill('id,region,product,units\n#skip me\n7,eu-west,"Cable, 2m",12\n');
  await page.getByRole("group", { name: "Input CSV" }).getByLabel("Comment character").fill("#");
  const table = page.getByRole("table", { name: "How Glacier Select splits the sample" });
  await expect(table.getByRole("columnheader", { name: "_3 (product)" })).toBeVisible();
  await expect(table.getByRole("cell", { name: "Cable, 2m (quoted)" })).toBeVisible();
  await expect(page.getByText("1 data record; 4 columns; 1 comment line skipped")).toBeVisible();
  await page.getByRole("radio", { name: /Bulk/ }).check();
  await nextStep(page);

  // Output: bucket, prefix, encryption, a grant, a tag and a metadata entry, then description.
  await expect(heading(page, "Output and notification")).toBeFocused();
  await page.getByLabel("S3 bucket").fill("thaw-results");
  await page.getByLabel("Key prefix").fill("select/e2e");
  await page.getByLabel("Encryption type").selectOption("aws:kms");
  await page.getByLabel("KMS key ID").fill("alias/thaw");
  await page.getByRole("button", { name: "Add grant" }).click();
  await page.getByLabel("Grantee type").selectOption("Group");
  await page.getByLabel("Group", { exact: true }).selectOption("http://acs.amazonaws.com/groups/s3/LogDelivery");
  await page.getByLabel("Permission").selectOption("WRITE");
  await page.getByRole("button", { name: "Add tag" }).click();
  await page.getByLabel("Tags 1 key").fill("project");
  await page.getByLabel("Tags 1 value").fill("thaw e2e");
  await page.getByRole("button", { name: "Add metadata entry" }).click();
  await page.getByLabel("User metadata 1 key").fill("source-vault");
  await page.getByLabel("User metadata 1 value").fill(VAULT);
  await page.getByLabel("Description (optional)").fill(description);
  await nextStep(page);

  await expect(heading(page, "Review")).toBeFocused();
  const request = page.getByLabel("InitiateJob request");
  await expect(request).toContainText('"Type": "select"');
  await expect(request).toContainText(JSON.stringify(sql));

  await page.getByRole("button", { name: "Copy link" }).click();
  const link = await page.getByLabel("Shareable link").inputValue();
  expect(link).toContain("SelectParameters.Expression=");
  expect(link).toContain("OutputLocation.S3.Tagging.project=thaw+e2e");

  // A new browser context: no draft, no session state; the link alone carries the job.
  const other = await browser.newContext();
  const shared = await other.newPage();
  await shared.goto(link);
  await expect(shared.getByLabel("Vault")).toHaveValue(VAULT);
  await expect(shared.getByLabel("Archive id")).toHaveValue(archiveId);
  await nextStep(shared);
  await expect(shared.getByLabel("Header line")).toHaveValue("USE");
  await expect(shared.getByRole("group", { name: "Input CSV" }).getByLabel("Comment character")).toHaveValue("#");
  await expect(shared.getByRole("radio", { name: /Bulk/ })).toBeChecked();
  await expect(shared.getByLabel("SQL expression")).toContainText("SELECT s.region, s.product, s.units");
  await nextStep(shared);
  await expect(shared.getByLabel("S3 bucket")).toHaveValue("thaw-results");
  await expect(shared.getByLabel("KMS key ID")).toHaveValue("alias/thaw");
  await expect(shared.getByLabel("Group", { exact: true })).toHaveValue("http://acs.amazonaws.com/groups/s3/LogDelivery");
  await expect(shared.getByLabel("Tags 1 value")).toHaveValue("thaw e2e");
  await expect(shared.getByLabel("User metadata 1 key")).toHaveValue("source-vault");
  await expect(shared.getByLabel("Description (optional)")).toHaveValue(description);
  await nextStep(shared);
  // The whole request, SQL included, is the same as where the link was made.
  await expect(shared.getByLabel("InitiateJob request")).toHaveText((await request.textContent()) ?? "");
  await expect(shared).toHaveURL(link); // opening a link never submits by itself

  await shared.getByRole("button", { name: "Start select job" }).click();
  await expect(shared).toHaveURL(/\/jobs\/[^/]+$/);
  await shared.goto("/jobs");
  const row = shared.getByRole("row").filter({ hasText: description });
  await expect(row).toContainText("Select");
  await expect(row).toContainText(VAULT);
  await other.close();
});

test("a tampered link shows field errors, and the SQL editor names its problem", async ({ page }) => {
  const query = new URLSearchParams({
    vault: VAULT,
    ArchiveId: "some-archive",
    "SelectParameters.Expression": "DELETE FROM S3Object",
    "SelectParameters.InputSerialization.csv.FieldDelimiter": ";;",
    "OutputLocation.S3.BucketName": "Not_A_Bucket",
    "OutputLocation.S3.Encryption.EncryptionType": "AES256",
    "OutputLocation.S3.Encryption.KMSKeyId": "alias/stale",
    "OutputLocation.S3.Tagging.aws:owner": "me",
  });
  await page.goto(`/jobs/new/select?${query.toString()}`);
  await expect(page.getByRole("listitem").filter({ hasText: "Query" })).toContainText("needs attention");
  await nextStep(page);
  await expect(page.getByLabel("SQL expression")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText(/one SELECT statement/)).toBeVisible();
  await expect(page.getByRole("group", { name: "Input CSV" }).getByLabel("Field delimiter")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("SQL expression").fill("SELECT * FROM S3Object");
  await page.getByRole("group", { name: "Input CSV" }).getByLabel("Field delimiter").fill(";");
  await nextStep(page);
  await expect(heading(page, "Output and notification")).toBeFocused();
  await expect(page.getByLabel("S3 bucket")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("KMS key ID")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText(/KMSKeyId may only be given when EncryptionType is aws:kms/)).toBeVisible();
  await expect(page.getByLabel("Tags 1 key")).toHaveValue("aws:owner");
  await expect(page.getByText(/reserved prefix "aws:"/)).toBeVisible();
});
