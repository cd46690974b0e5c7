import { DescribeJobCommand, GetJobOutputCommand, InitiateJobCommand } from "@aws-sdk/client-glacier";
import { expect, test } from "@playwright/test";
import { emptySelectJob, selectJobSchema } from "../lib/glacier/schemas/select-job";
import { callAction, serverAction } from "./action-client";
import {
  copyLink,
  glacier,
  jobIdFromUrl,
  jobIds,
  jobsStartedSince,
  nextStep,
  openElsewhere,
  stepHeading as heading,
} from "./wizard-helpers";

const VAULT = "reports";
const CSV_ARCHIVE = "reports/sales-2023-q1.csv";

/** Waits until the embedded server reports the job finished, and returns its final status. */
async function finalStatus(jobId: string): Promise<{ StatusCode?: string; StatusMessage?: string }> {
  const describe = () => glacier().send(new DescribeJobCommand({ accountId: "-", vaultName: VAULT, jobId }));
  await expect.poll(async () => (await describe()).Completed, { timeout: 30_000 }).toBe(true);
  return describe();
}

/** The seeded CSV archive's id, the way an admin finds it: an inventory job on the vault, through the SDK. */
async function csvArchiveId(): Promise<string> {
  const client = glacier();
  const { jobId } = await client.send(
    new InitiateJobCommand({
      accountId: "-",
      vaultName: VAULT,
      jobParameters: { Type: "inventory-retrieval" },
    }),
  );
  if (!jobId) throw new Error("InitiateJob returned no job id");
  expect((await finalStatus(jobId)).StatusCode).toBe("Succeeded");
  const output = await client.send(new GetJobOutputCommand({ accountId: "-", vaultName: VAULT, jobId }));
  const inventory = JSON.parse((await output.body?.transformToString()) ?? "{}") as {
    ArchiveList?: { ArchiveId: string; ArchiveDescription: string }[];
  };
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
    "FROM archive s",
    `WHERE s.region IN ('us-east', 'eu-west', ${regions})`,
    `  AND s.product <> 'Monitor 27"'`,
  ].join("\n");
}

test("compose a select job, share it by link, reopen it elsewhere, submit, and find it in the job list", async ({
  page,
  browser,
}) => {
  const archiveId = await csvArchiveId();
  const sql = longSql();
  const description = `E2E select ${Date.now()}`;

  await page.goto(`/jobs/new/select?vault=${VAULT}`);
  await expect(page.getByLabel("Vault", { exact: true })).toHaveValue(VAULT);
  await page.getByLabel("Archive id", { exact: true }).fill(archiveId);
  await nextStep(page);

  // Query: SQL in the CodeMirror editor (named by its label), the input CSV, the live preview, the tier.
  await expect(heading(page, "Query")).toBeFocused();
  const editor = page.getByLabel("SQL expression", { exact: true });
  await editor.fill(sql);
  // Tab leaves the editor for the next field: the editor does not trap keyboard users.
  await editor.press("Tab");
  await expect(page.getByLabel("Header line", { exact: true })).toBeFocused();
  await page.getByLabel("Header line", { exact: true }).selectOption("USE");
  await page
    .getByLabel("Sample lines", { exact: true })
    .fill('id,region,product,units\n#skip me\n7,eu-west,"Cable, 2m",12\n');
  await page
    .getByRole("group", { name: "Input CSV" })
    .getByLabel("Comment character", { exact: true })
    .fill("#");
  const table = page.getByRole("table", { name: "How Glacier Select splits the sample" });
  await expect(table.getByRole("columnheader", { name: "_3 (product)" })).toBeVisible();
  await expect(table.getByRole("cell", { name: "Cable, 2m (quoted)" })).toBeVisible();
  await expect(page.getByText("1 data record; 4 columns; 1 comment line skipped")).toBeVisible();
  await page.getByRole("radio", { name: /Bulk/ }).check();
  await nextStep(page);

  // Output: bucket, prefix, encryption, a grant, a tag and a metadata entry, then description.
  await expect(heading(page, "Output and notification")).toBeFocused();
  await page.getByLabel("S3 bucket", { exact: true }).fill("thaw-results");
  await page.getByLabel("Key prefix", { exact: true }).fill("select/e2e");
  await page.getByLabel("Encryption type", { exact: true }).selectOption("aws:kms");
  await page.getByLabel("KMS key ID", { exact: true }).fill("alias/thaw");
  await page.getByRole("button", { name: "Add grant" }).click();
  await page.getByLabel("Grantee type", { exact: true }).selectOption("Group");
  await page
    .getByLabel("Group", { exact: true })
    .selectOption("http://acs.amazonaws.com/groups/s3/LogDelivery");
  await page.getByLabel("Permission", { exact: true }).selectOption("WRITE");
  await page.getByRole("button", { name: "Add tag" }).click();
  await page.getByLabel("Tags 1 key", { exact: true }).fill("project");
  await page.getByLabel("Tags 1 value", { exact: true }).fill("thaw e2e");
  await page.getByRole("button", { name: "Add metadata entry" }).click();
  await page.getByLabel("User metadata 1 key", { exact: true }).fill("source-vault");
  await page.getByLabel("User metadata 1 value", { exact: true }).fill(VAULT);
  await page.getByLabel("Description (optional)", { exact: true }).fill(description);
  await nextStep(page);

  await expect(heading(page, "Review")).toBeFocused();
  const request = page.getByLabel("InitiateJob request", { exact: true });
  await expect(request).toContainText('"Type": "select"');
  await expect(request).toContainText(JSON.stringify(sql));

  const link = await copyLink(page);
  expect(link).toContain("SelectParameters.Expression=");
  expect(link).toContain("OutputLocation.S3.Tagging.project=thaw+e2e");

  // A new browser context (signed in, but without this one's local storage and draft): the link alone carries the job.
  const shared = await openElsewhere(browser, page, link);
  await expect(shared.getByLabel("Vault", { exact: true })).toHaveValue(VAULT);
  await expect(shared.getByLabel("Archive id", { exact: true })).toHaveValue(archiveId);
  await nextStep(shared);
  await expect(shared.getByLabel("Header line", { exact: true })).toHaveValue("USE");
  await expect(
    shared.getByRole("group", { name: "Input CSV" }).getByLabel("Comment character", { exact: true }),
  ).toHaveValue("#");
  await expect(shared.getByRole("radio", { name: /Bulk/ })).toBeChecked();
  await expect(shared.getByLabel("SQL expression", { exact: true })).toContainText(
    "SELECT s.region, s.product, s.units",
  );
  await nextStep(shared);
  await expect(shared.getByLabel("S3 bucket", { exact: true })).toHaveValue("thaw-results");
  await expect(shared.getByLabel("KMS key ID", { exact: true })).toHaveValue("alias/thaw");
  await expect(shared.getByLabel("Group", { exact: true })).toHaveValue(
    "http://acs.amazonaws.com/groups/s3/LogDelivery",
  );
  await expect(shared.getByLabel("Tags 1 value", { exact: true })).toHaveValue("thaw e2e");
  await expect(shared.getByLabel("User metadata 1 key", { exact: true })).toHaveValue("source-vault");
  await expect(shared.getByLabel("Description (optional)", { exact: true })).toHaveValue(description);
  await nextStep(shared);
  // The whole request, SQL included, is the same as where the link was made.
  await expect(shared.getByLabel("InitiateJob request", { exact: true })).toHaveText(
    (await request.textContent()) ?? "",
  );
  await expect(shared).toHaveURL(/\/jobs\/new\/select\?/); // opening a link never submits by itself

  const before = await jobIds(VAULT);
  await shared.getByRole("button", { name: "Start select job" }).click();
  await expect(shared).toHaveURL(/\/jobs\/(?!new\/)[^/?]+$/);
  const jobId = jobIdFromUrl(shared.url());
  const started = await jobsStartedSince(VAULT, before);
  expect(started).toEqual([jobId]); // exactly one job started: the one whose page is shown
  // The composed request was right all the way: the SQL ran over the CSV and the results reached S3.
  expect(await finalStatus(jobId)).toMatchObject({ StatusCode: "Succeeded" });
  await shared.goto("/jobs");
  const row = shared.getByRole("row").filter({ hasText: description });
  await expect(row).toContainText("Select");
  await expect(row).toContainText(VAULT);
  await shared.context().close();
});

test("a tampered link shows field errors, and the SQL editor names its problem", async ({ page }) => {
  const query = new URLSearchParams({
    vault: VAULT,
    ArchiveId: "some-archive",
    "SelectParameters.Expression": "DELETE FROM archive",
    "SelectParameters.InputSerialization.csv.FieldDelimiter": ";;",
    "OutputLocation.S3.BucketName": "Not_A_Bucket",
    "OutputLocation.S3.Encryption.EncryptionType": "AES256",
    "OutputLocation.S3.Encryption.KMSKeyId": "alias/stale",
    "OutputLocation.S3.Tagging.aws:owner": "me",
  });
  await page.goto(`/jobs/new/select?${query.toString()}`);
  await expect(
    page.getByRole("navigation", { name: "Wizard steps" }).getByRole("listitem").filter({ hasText: "Query" }),
  ).toContainText("needs attention");
  await nextStep(page);
  await expect(page.getByLabel("SQL expression", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText(/Expected SELECT but found "DELETE"/)).toBeVisible();
  await expect(
    page.getByRole("group", { name: "Input CSV" }).getByLabel("Field delimiter", { exact: true }),
  ).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("SQL expression", { exact: true }).fill("SELECT * FROM archive");
  await page
    .getByRole("group", { name: "Input CSV" })
    .getByLabel("Field delimiter", { exact: true })
    .fill(";");
  await nextStep(page);
  await expect(heading(page, "Output and notification")).toBeFocused();
  await expect(page.getByLabel("S3 bucket", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("KMS key ID", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText(/KMS key ID may only be given when Encryption type is aws:kms/)).toBeVisible();
  await expect(page.getByLabel("Tags 1 key", { exact: true })).toHaveValue("aws:owner");
  await expect(page.getByText(/reserved prefix "aws:"/)).toBeVisible();
});

test("the select action refuses input posted straight to it with the form's messages, and starts nothing", async ({
  page,
}) => {
  const job = {
    ...emptySelectJob(VAULT, "some-archive"),
    RetrievalByteRange: "0-1048575",
    SelectParameters: {
      ExpressionType: "SQL",
      Expression: "DELETE FROM archive",
      InputSerialization: { csv: { FieldDelimiter: ";;" } },
    },
    OutputLocation: {
      S3: {
        BucketName: "Not_A_Bucket",
        Prefix: "p",
        Encryption: { EncryptionType: "AES256", KMSKeyId: "alias/stale" },
        Tagging: [{ Key: "aws:owner", Value: "me" }],
      },
    },
  };
  const form = selectJobSchema.safeParse(job);
  const messages = [...new Set(form.error?.issues.map((issue) => issue.message))];
  expect(messages.length).toBeGreaterThanOrEqual(5);

  const before = await jobIds(VAULT);
  const response = await callAction(
    page.request,
    serverAction("submitSelectJobAction"),
    JSON.stringify([{ idempotencyKey: crypto.randomUUID(), job }]),
  );
  expect(response.status()).toBeLessThan(500);
  const text = await response.text();
  expect(text).toContain("Some fields need attention.");
  // Each message the form shows for this input, JSON-escaped as the action's answer carries it.
  for (const message of messages) expect(text).toContain(JSON.stringify(message).slice(1, -1));
  expect(text).toContain("RetrievalByteRange is not valid for select jobs");
  expect(await jobsStartedSince(VAULT, before)).toEqual([]);
});
