import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { InitiateJobCommand, type JobParameters, UploadArchiveCommand } from "@aws-sdk/client-glacier";
import { expect, type Page } from "@playwright/test";
import { fastGlacierDescription as fastGlacierWriter } from "../lib/glacier/descriptions/encoders";
import { glacier } from "./wizard-helpers";

/** Helpers for the job tracking specs (jobs page, job page outputs). */

/** The e2e emulator's data directory (scripts/e2e-server.mjs). */
export const EMULATOR_DATA = path.join(process.cwd(), ".tmp", "e2e", "emulator");

/** Starts a job the way the CLI would: Thaw learns of it only from ListJobs. */
export async function startJobOutsideThaw(vaultName: string, jobParameters: JobParameters): Promise<string> {
  const out = await glacier().send(new InitiateJobCommand({ accountId: "-", vaultName, jobParameters }));
  if (!out.jobId) throw new Error("InitiateJob returned no job id");
  return out.jobId;
}

/**
 * Uploads `csv` as an archive of `vaultName` and starts an Expedited Select job on it outside Thaw,
 * its results written to the embedded server's S3 (bucket thaw-results, `prefix`). Returns the job id.
 */
export async function startCsvSelectOutsideThaw(options: {
  vaultName: string;
  csv: string;
  archiveDescription: string;
  description: string;
  expression: string;
  prefix: string;
}): Promise<string> {
  const upload = await glacier().send(
    new UploadArchiveCommand({
      accountId: "-",
      vaultName: options.vaultName,
      body: Buffer.from(options.csv),
      archiveDescription: options.archiveDescription,
    }),
  );
  if (!upload.archiveId) throw new Error("UploadArchive returned no archive id");
  return startJobOutsideThaw(options.vaultName, {
    Type: "select",
    ArchiveId: upload.archiveId,
    Tier: "Expedited",
    Description: options.description,
    SelectParameters: {
      ExpressionType: "SQL",
      Expression: options.expression,
      InputSerialization: { csv: { FileHeaderInfo: "USE" } },
      OutputSerialization: { csv: {} },
    },
    OutputLocation: { S3: { BucketName: "thaw-results", Prefix: options.prefix } },
  });
}

/** Flips one byte of an archive in the emulator's store (archives/<2-char prefix>/<id>). */
export function corruptArchiveByte(archiveId: string, offset: number): void {
  const file = path.join(EMULATOR_DATA, "archives", archiveId.slice(0, 2), archiveId);
  const bytes = readFileSync(file);
  bytes[offset] = (bytes[offset] ?? 0) ^ 0xff;
  writeFileSync(file, bytes);
}

/** FastGlacier v4, the way many backup tools name archives: base64 of the UTF-8 path. */
export function fastGlacierDescription(filePath: string): string {
  return fastGlacierWriter(filePath, "2024-01-01T00:00:00Z");
}

/** Waits on the job page until the live status shows the job finished. */
export async function waitForSucceeded(page: Page) {
  await expect(page.getByText("Succeeded", { exact: true }).first()).toBeVisible({ timeout: 20_000 });
}

/**
 * findJobRow for a job started outside Thaw. Thaw imports it at the connection's next vault sync, and a
 * jobs page rendered before that import does not add it live (the feed adds jobs recorded after the page
 * rendered, and an imported job is dated by Glacier's CreationDate, which is earlier): like a person,
 * search again until the row is there.
 */
export async function findImportedJobRow(page: Page, text: string) {
  const row = page.getByRole("row").filter({ hasText: text }).first();
  await expect(async () => {
    await page.goto(`/jobs?q=${encodeURIComponent(text)}`);
    await expect(row).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  return row;
}

/** The jobs page row of a job, found by the search box the way a person would. */
export async function findJobRow(page: Page, text: string) {
  await page.goto("/jobs");
  await page.getByLabel("Search jobs").fill(text);
  const row = page.getByRole("row").filter({ hasText: text });
  await expect(row.first()).toBeVisible({ timeout: 20_000 });
  return row.first();
}
