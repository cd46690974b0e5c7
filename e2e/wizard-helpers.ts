import {
  DescribeJobCommand,
  GetJobOutputCommand,
  GlacierClient,
  InitiateJobCommand,
  ListJobsCommand,
  UploadArchiveCommand,
} from "@aws-sdk/client-glacier";
import { type Browser, expect, type Page, type Request } from "@playwright/test";
import { DEMO_ACCESS_KEY_ID, DEMO_SECRET } from "./helpers";
import { EMULATOR_URL } from "./ports";

/** Helpers for the job wizard specs: the embedded server through the real SDK, and the wizard's controls. */

export function glacier(): GlacierClient {
  return new GlacierClient({
    endpoint: EMULATOR_URL,
    region: "us-east-1",
    credentials: { accessKeyId: DEMO_ACCESS_KEY_ID, secretAccessKey: DEMO_SECRET },
  });
}

/** Job ids the embedded server lists for a vault, every page of them. */
export async function jobIds(vaultName: string): Promise<string[]> {
  const ids: string[] = [];
  let marker: string | undefined;
  do {
    const page = await glacier().send(new ListJobsCommand({ accountId: "-", vaultName, marker }));
    ids.push(...(page.JobList ?? []).map((j) => j.JobId ?? ""));
    marker = page.Marker ?? undefined;
  } while (marker);
  return ids;
}

/**
 * The jobs listed now that `before` (an earlier jobIds) did not list: the jobs started since. Never compare
 * whole lists: a finished job leaves ListJobs 24 hours after it completed, which at the e2e server's time
 * scale is under a second, so an earlier job may be gone by now.
 */
export async function jobsStartedSince(vaultName: string, before: readonly string[]): Promise<string[]> {
  return (await jobIds(vaultName)).filter((id) => !before.includes(id));
}

/** Uploads `size` bytes to a vault and returns the new archive's id. */
export async function uploadArchive(vaultName: string, size: number, description: string): Promise<string> {
  const body = Buffer.alloc(size, 7);
  const out = await glacier().send(
    new UploadArchiveCommand({ accountId: "-", vaultName, body, archiveDescription: description }),
  );
  if (!out.archiveId) throw new Error("UploadArchive returned no archive id");
  return out.archiveId;
}

/** A seeded archive's id, found the way an admin would: an inventory of the vault, through the SDK. */
export async function seededArchiveId(vaultName: string, description: string): Promise<string> {
  const client = glacier();
  const { jobId } = await client.send(
    new InitiateJobCommand({ accountId: "-", vaultName, jobParameters: { Type: "inventory-retrieval" } }),
  );
  const describe = () => client.send(new DescribeJobCommand({ accountId: "-", vaultName, jobId }));
  await expect.poll(async () => (await describe()).StatusCode, { timeout: 30_000 }).toBe("Succeeded");
  const output = await client.send(new GetJobOutputCommand({ accountId: "-", vaultName, jobId }));
  const inventory = JSON.parse((await output.body?.transformToString()) ?? "{}") as {
    ArchiveList?: { ArchiveId: string; ArchiveDescription: string }[];
  };
  const archive = inventory.ArchiveList?.find((a) => a.ArchiveDescription === description);
  if (!archive) throw new Error(`${description} is not in the ${vaultName} inventory`);
  return archive.ArchiveId;
}

export const nextStep = (page: Page) => page.getByRole("button", { name: /^Next/ }).click();
export const stepHeading = (page: Page, name: string) =>
  page.getByRole("heading", { level: 2, name: new RegExp(name) });

/** Walks Next until the Review step. */
export async function toReview(page: Page) {
  for (let i = 0; i < 4; i++) {
    if (await stepHeading(page, "Review").isVisible()) return;
    await nextStep(page);
  }
  await expect(stepHeading(page, "Review")).toBeVisible();
}

/** "Copy link", read back from the field the wizard shows it in. */
export async function copyLink(page: Page): Promise<string> {
  await page.getByRole("button", { name: "Copy link" }).click();
  const field = page.getByLabel("Shareable link");
  await expect(field).not.toHaveValue("");
  return field.inputValue();
}

/**
 * Opens a link in a fresh browser context and returns its page. Only the session cookies come
 * along (as a colleague signed in elsewhere); local storage, and with it any draft, does not.
 */
export async function openElsewhere(browser: Browser, from: Page, link: string): Promise<Page> {
  const { cookies } = await from.context().storageState();
  const context = await browser.newContext({ storageState: { cookies, origins: [] } });
  const other = await context.newPage();
  await other.goto(link);
  return other;
}

/** The review snippets, which together pin down every value of the form. */
export async function reviewTexts(page: Page): Promise<{ cli: string; boto3: string; request: string }> {
  return {
    cli: (await page.getByLabel("AWS CLI command", { exact: true }).textContent()) ?? "",
    boto3: (await page.getByLabel("boto3 call", { exact: true }).textContent()) ?? "",
    request: (await page.getByLabel("InitiateJob request", { exact: true }).textContent()) ?? "",
  };
}

/** The server action POST the wizard's submit sends (captured to replay it). */
export function isActionPost(request: Request): boolean {
  return request.method() === "POST" && request.headers()["next-action"] !== undefined;
}

/** The Glacier job id from a /jobs/<id> URL. */
export function jobIdFromUrl(url: string): string {
  return decodeURIComponent(new URL(url).pathname.split("/").pop() ?? "");
}
