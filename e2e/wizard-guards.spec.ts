import { expect, type Page, type Request, test } from "@playwright/test";
import { isActionPost, jobIds, jobsStartedSince, nextStep, uploadArchive } from "./wizard-helpers";

/**
 * The server actions are public POST endpoints: each must refuse what the form would refuse, with
 * the same message, and start no job. The form is filled validly, then the action's request is
 * rewritten in flight (as a hand-made POST would be) and, for double submits, replayed.
 */

type Submission = { idempotencyKey: string; job: Record<string, unknown> };

/** Submits the wizard with its action POST body rewritten by `tamper`; resolves with the request sent. */
async function submitTampered(
  page: Page,
  button: string,
  tamper: (s: Submission) => Submission,
): Promise<Request> {
  await page.route("**/*", async (route) => {
    const request = route.request();
    if (!isActionPost(request)) return route.fallback();
    const [submission] = JSON.parse(request.postData() ?? "[]") as [Submission];
    await route.continue({ postData: JSON.stringify([tamper(submission)]) });
  });
  const sent = page.waitForRequest(isActionPost);
  await page.getByRole("button", { name: button }).click();
  return sent;
}

async function toSubmit(page: Page, url: string) {
  await page.goto(url);
  for (let i = 0; i < 3; i++) await nextStep(page);
}

test("inventory action: refuses a tampered limit, date order, format and a foreign member, and starts nothing", async ({
  page,
}) => {
  const vault = "documents";
  await toSubmit(page, `/jobs/new/inventory?vault=${vault}`);
  const before = await jobIds(vault);
  await submitTampered(page, "Start inventory job", (s) => ({
    ...s,
    job: {
      ...s.job,
      Format: "XML",
      ArchiveId: "smuggled",
      InventoryRetrievalParameters: {
        StartDate: "2024-02-01T00:00:00Z",
        EndDate: "2024-01-01T00:00:00Z",
        Limit: "0",
        Marker: "",
      },
    },
  }));
  const problem = page.getByRole("alert", { name: "Submission problem" });
  await expect(problem).toContainText("Some fields need attention.");
  await expect(problem).toContainText("ArchiveId is not valid for inventory-retrieval jobs");
  // The refusals the form knows land at the fields, with the form's own messages.
  await expect(page.getByText(/Invalid Format: XML/)).toBeVisible();
  await expect(page).toHaveURL(/\/jobs\/new\/inventory/);
  expect(await jobsStartedSince(vault, before)).toEqual([]);
});

test("archive action: refuses an unaligned byte range, bad description and SNS topic, and starts nothing", async ({
  page,
}) => {
  const vault = "photos";
  const archiveId = await uploadArchive(vault, 5000, "guard");
  await toSubmit(page, `/jobs/new/archive?vault=${vault}&ArchiveId=${encodeURIComponent(archiveId)}`);
  const before = await jobIds(vault);
  await submitTampered(page, "Start retrieval job", (s) => ({
    ...s,
    job: {
      ...s.job,
      RetrievalByteRange: "1-2",
      Description: "naïve",
      SNSTopic: "arn:aws:sns:us-east-1:1:t",
      Tier: "Fastest",
    },
  }));
  await expect(page.getByRole("alert", { name: "Submission problem" })).toContainText(
    "Some fields need attention.",
  );
  // The wizard jumps back to the first step with an error and shows the server's message there.
  await expect(page.getByText(/The byte range 1-2 is not megabyte aligned/)).toBeVisible();
  await expect(page.getByText(/Invalid Tier: Fastest/)).toBeVisible();
  expect(await jobsStartedSince(vault, before)).toEqual([]);
});

test("a missing or forged idempotency key is refused", async ({ page }) => {
  const vault = "photos";
  const archiveId = await uploadArchive(vault, 100, "key");
  await toSubmit(page, `/jobs/new/archive?vault=${vault}&ArchiveId=${encodeURIComponent(archiveId)}`);
  const before = await jobIds(vault);
  await submitTampered(page, "Start retrieval job", (s) => ({ ...s, idempotencyKey: "not-a-uuid" }));
  await expect(page.getByRole("alert", { name: "Submission problem" })).toContainText("submission key");
  expect(await jobsStartedSince(vault, before)).toEqual([]);
});

test("replaying one submission several times at once starts one job", async ({ page }) => {
  const vault = "photos";
  const archiveId = await uploadArchive(vault, 100, "replay");
  await toSubmit(
    page,
    `/jobs/new/archive?vault=${vault}&ArchiveId=${encodeURIComponent(archiveId)}&Description=replayed`,
  );
  const before = await jobIds(vault);
  const sent = page.waitForRequest(isActionPost);
  await page.getByRole("button", { name: "Start retrieval job" }).click();
  const request = await sent;
  await expect(page).toHaveURL(/\/jobs\/[^/]+$/);
  const headers = request.headers();
  const body = request.postData() ?? "";
  const statuses = await page.evaluate(
    async ({ url, headers, body }) => {
      const send = () => fetch(url, { method: "POST", headers, body }).then((r) => r.status);
      return Promise.all([send(), send(), send(), send()]);
    },
    {
      url: request.url(),
      headers: {
        "next-action": headers["next-action"] ?? "",
        "content-type": headers["content-type"] ?? "text/plain",
        accept: "text/x-component",
      },
      body,
    },
  );
  expect(statuses.every((s) => s < 500)).toBe(true);
  expect(await jobsStartedSince(vault, before)).toHaveLength(1);
});
