import { expect, type Page, test } from "@playwright/test";
import { APP_URL } from "./ports";
import { startJobOutsideThaw, waitForSucceeded } from "./tracking-helpers";
import { uploadArchive } from "./wizard-helpers";

/**
 * The parts of job tracking a reviewer found untested: a download cut in the middle and resumed with
 * `Range: bytes=N-` ends verified and is audited; the job page shows every DescribeJob field; "request
 * again" opens the prefilled wizard; an unknown job id says so plainly.
 */

const VAULT = "photos";
const MIB = 1024 * 1024;

/** The signed-in browser's cookies, for a request made outside the browser (one we can cut). */
async function cookieHeader(page: Page): Promise<string> {
  return (await page.context().cookies(APP_URL)).map((c) => `${c.name}=${c.value}`).join("; ");
}

/** Reads the output until at least `atLeast` bytes arrived, then drops the connection, like a lost network. */
async function cutDownload(url: string, cookie: string, atLeast: number): Promise<Buffer> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { cookie }, signal: controller.signal });
  expect(response.status).toBe(200);
  const reader = response.body?.getReader();
  if (!reader) throw new Error("no body");
  const chunks: Buffer[] = [];
  let received = 0;
  while (received < atLeast) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`the output ended after ${received} bytes, before the cut`);
    chunks.push(Buffer.from(value));
    received += value.byteLength;
  }
  controller.abort();
  await reader.cancel().catch(() => undefined);
  return Buffer.concat(chunks);
}

async function startedArchiveJob(page: Page, label: string, size: number) {
  const stamp = Date.now();
  const archiveId = await uploadArchive(VAULT, size, `${label} ${stamp}`);
  const description = `E2E ${label} ${stamp}`;
  const jobId = await startJobOutsideThaw(VAULT, {
    Type: "archive-retrieval",
    ArchiveId: archiveId,
    Tier: "Expedited",
    Description: description,
  });
  // Thaw never saw this job: opening its page imports it (findJobVault → DescribeJob).
  await page.goto(`/jobs/${jobId}`);
  await waitForSucceeded(page);
  return { archiveId, jobId, description };
}

test("a download cut in the middle and resumed with Range ends verified, and both requests are audited", async ({
  page,
}) => {
  const size = 3 * MIB + 10;
  const { jobId } = await startedArchiveJob(page, "resumed download", size);
  const url = `${APP_URL}/api/jobs/${encodeURIComponent(jobId)}/output`;
  const cookie = await cookieHeader(page);

  const head = await cutDownload(url, cookie, MIB + 12_345);
  expect(head.length).toBeLessThan(size);
  const resumed = await fetch(url, { headers: { cookie, range: `bytes=${head.length}-` } });
  expect(resumed.status).toBe(206);
  expect(resumed.headers.get("content-range")).toBe(`bytes ${head.length}-${size - 1}/${size}`);
  const tail = Buffer.from(await resumed.arrayBuffer());
  const whole = Buffer.concat([head, tail]);
  expect(whole.equals(Buffer.alloc(size, 7))).toBe(true);

  await page.reload();
  await expect(page.getByText("Verified", { exact: true }).first()).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText("Tree-hash mismatch", { exact: true })).toHaveCount(0);

  const csv = await (await page.request.get("/audit/export?action=output.download")).text();
  const entries = csv.split("\r\n").filter((line) => line.includes(jobId));
  expect(entries).toHaveLength(2);
  expect(entries.every((line) => line.includes(",output.download,success,"))).toBe(true);
  expect(entries.some((line) => line.includes(`""start"":${head.length}`))).toBe(true);
});

test("the job page shows every field of Glacier's job description, and request again opens the prefilled wizard", async ({
  page,
}) => {
  const size = 2 * MIB + 3;
  const { archiveId, jobId, description } = await startedArchiveJob(page, "described", size);
  const card = page.locator("section").filter({
    has: page.getByRole("heading", { name: "Glacier's job description" }),
  });
  const values: Record<string, string | RegExp> = {
    JobId: jobId,
    JobDescription: description,
    Action: "ArchiveRetrieval",
    StatusCode: "Succeeded",
    Completed: "true",
    VaultARN: new RegExp(`arn:aws:glacier:us-east-1:\\d{12}:vaults/${VAULT}`),
    ArchiveId: archiveId,
    Tier: "Expedited",
    CreationDate: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/,
    CompletionDate: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/,
    ArchiveSizeInBytes: `(${size} bytes)`,
    RetrievalByteRange: `0-${size - 1}`,
    SHA256TreeHash: /^[0-9a-f]{64}$/,
    ArchiveSHA256TreeHash: /^[0-9a-f]{64}$/,
  };
  for (const [field, value] of Object.entries(values)) {
    const term = card.locator("dt", { hasText: new RegExp(`^${field}$`) });
    await expect(term, field).toHaveCount(1);
    await expect(term.locator("xpath=following-sibling::dd[1]"), field).toContainText(value);
  }

  // "Request again" (the jobs page's one click for expiring and expired outputs) lands on the wizard.
  const again303 = await page.request.get(`/api/jobs/${encodeURIComponent(jobId)}/again`, {
    maxRedirects: 0,
  });
  expect(again303.status()).toBe(303);
  // Relative, so the browser stays on the origin its session cookie belongs to.
  expect(again303.headers().location).toMatch(/^\/jobs\/new\/archive\?/);
  await page.goto(`/api/jobs/${encodeURIComponent(jobId)}/again`);
  await expect(page).toHaveURL(/\/jobs\/new\/archive\?/);
  const again = new URL(page.url());
  expect(again.searchParams.get("vault")).toBe(VAULT);
  expect(again.searchParams.get("ArchiveId")).toBe(archiveId);
});

test("a job, plan or connection id nobody knows is a real 404 that says so plainly; a known job's page is 200", async ({
  page,
}) => {
  for (const id of ["Z".repeat(92), "no-such-job"]) {
    // The job page decides before anything streams (no loading.tsx above it), so the status is real.
    const response = await page.goto(`/jobs/${id}`);
    expect(response?.status(), id).toBe(404);
    await expect(page.getByRole("heading", { name: "Job not found" })).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "There is no job with this id." })).toBeVisible();
    await expect(page.getByRole("link", { name: "Back to the jobs" })).toHaveAttribute("href", "/jobs");
  }
  const missing = await page.request.get(`/api/jobs/${"Z".repeat(92)}/again`, { maxRedirects: 0 });
  expect(missing.status()).toBe(404);

  // The same for a plan or a connection: their pages decide before anything streams, too.
  for (const path of [
    "/plans/00000000-0000-4000-8000-000000000000",
    "/plans/no-such-plan",
    "/settings/connections/00000000-0000-4000-8000-000000000000",
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  }
  for (const path of ["/plans", "/settings/connections"]) {
    expect((await page.goto(path))?.status(), path).toBe(200);
    await expect(page.getByRole("heading", { name: "Not found" })).toHaveCount(0);
  }

  // Started outside Thaw: the first visit imports it from Glacier before answering, the next reads Thaw's record.
  const description = `E2E known job ${Date.now()}`;
  const known = await startJobOutsideThaw(VAULT, { Type: "inventory-retrieval", Description: description });
  for (const visit of ["imported from Glacier", "recorded by Thaw"]) {
    const response = await page.goto(`/jobs/${known}`);
    expect(response?.status(), visit).toBe(200);
    await expect(page.getByRole("heading", { name: description })).toBeVisible();
    await expect(page.getByText("Outside Thaw (imported from ListJobs)")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Job not found" })).toHaveCount(0);
  }
});
