import { expect, test } from "@playwright/test";
import accounts from "./e2e-accounts.json";
import { screenshot } from "./helpers";
import { nextStep, stepHeading, toReview } from "./wizard-helpers";

/**
 * Issue #16 items 5, 6 and 8 as a person meets them: messages in the screen's words (the API path and
 * AWS's code in small print), a shared link's problems all on its first step, dates in ISO UTC on
 * every page, and the expected completion from this connection's own history.
 */

const TWELVE_HOUR = /\b\d{1,2}:\d{2}(?::\d{2})?\s?[AP]M\b/i;

test("a tampered link lists every problem on its first step, each a link to its field, named as labelled", async ({
  page,
}) => {
  const IRP = "InventoryRetrievalParameters";
  await page.goto(
    `/jobs/new/inventory?vault=no%20such!&Format=XML&${IRP}.StartDate=2024-02-01T00:00:00Z&${IRP}.EndDate=2024-01-01T00:00:00Z&${IRP}.Limit=-5`,
  );
  await expect(stepHeading(page, "Target")).toBeVisible();
  const problems = page.getByRole("region", { name: "Problems in this link" });
  await expect(problems).toBeVisible();
  // The values on the Parameters step are listed here too, before anyone reaches that step.
  for (const label of ["Vault", "Format", "Created before (UTC)", "Limit"])
    await expect(problems.getByRole("link", { name: label, exact: true })).toBeVisible();
  await expect(problems).toContainText("Created before (UTC) must be later than Created from (UTC)");
  await expect(problems).not.toContainText("InventoryRetrievalParameters");
  await screenshot(page, "tampered-link-step-1");

  await problems.getByRole("link", { name: "Created before (UTC)", exact: true }).click();
  await expect(stepHeading(page, "Parameters")).toBeVisible();
  const endDate = page.getByLabel("Created before (UTC)");
  await expect(endDate).toBeFocused();
  // The field shows Glacier's own ISO string, never the browser's locale rendering.
  await expect(endDate).toHaveValue("2024-01-01T00:00:00Z");
  const message = page.getByText("Created before (UTC) must be later than Created from (UTC)");
  await expect(message).toBeVisible();
  // The API's name and AWS's error code follow in small print.
  await expect(message.getByTestId("field-error-detail")).toHaveText(
    "InventoryRetrievalParameters.EndDate · InvalidParameterValueException",
  );
  await screenshot(page, "tampered-link-parameters");

  // Typed fixes clear the list's entries: a date typed the way people write it is read as UTC.
  await endDate.fill("2024-03-01 12:30");
  await endDate.blur();
  await expect(endDate).toHaveValue("2024-03-01T12:30:00Z");
  await expect(message).toHaveCount(0);
});

test("a select link with a canned ACL and grants says so in a person's words on step 1", async ({ page }) => {
  const S3 = "OutputLocation.S3";
  await page.goto(
    `/jobs/new/select?vault=documents&${S3}.BucketName=thaw-results&${S3}.Prefix=p&${S3}.CannedACL=private` +
      `&${S3}.AccessControlList.0.Grantee.Type=Group&${S3}.AccessControlList.0.Grantee.URI=${encodeURIComponent(
        "http://acs.amazonaws.com/groups/global/AllUsers",
      )}&${S3}.AccessControlList.0.Permission=READ`,
  );
  const problems = page.getByRole("region", { name: "Problems in this link" });
  await expect(problems.getByRole("link", { name: "Canned ACL", exact: true })).toBeVisible();
  await expect(problems).toContainText("Choose either a canned ACL or individual grants, not both");
  await expect(problems).not.toContainText("CannedACL");
  await problems.getByRole("link", { name: "Canned ACL", exact: true }).click();
  await expect(stepHeading(page, "Output and notification")).toBeVisible();
  await expect(page.getByLabel("Canned ACL")).toBeFocused();
  await screenshot(page, "select-canned-acl-with-grants");
});

test("no page shows a 12-hour time, and the review expects this connection's observed completion", async ({
  page,
}) => {
  test.setTimeout(300_000);
  // A finished job gives the connection a history, and the pages dates to show.
  await page.goto("/jobs/new/inventory?vault=documents");
  await nextStep(page);
  await page.getByLabel("Created from (UTC)").fill("2020-01-01");
  await nextStep(page);
  // Glacier's notification tells Thaw at once that the job finished (tracking alone polls every few minutes).
  await page.getByLabel("SNS topic ARN (optional)").fill(accounts.snsTopicArn);
  await toReview(page);
  await page.getByRole("button", { name: "Start inventory job" }).click();
  await expect(page).toHaveURL(/\/jobs\/(?!new)[^/]+$/, { timeout: 20_000 });
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.getByText("Succeeded", { exact: true }).count();
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThan(0);

  await page.goto("/jobs/new/inventory?vault=documents");
  await toReview(page);
  const estimate = page.getByRole("region", { name: "Estimated cost and time" });
  await expect(estimate).toContainText(/Completes in (under a minute|about a minute)/);
  // Other specs' inventory jobs may have finished before this one: one or several count.
  await expect(estimate).toContainText(/this connection's last (\d+ )?Standard inventory retrieval/);
  await expect(estimate).toContainText("AWS's typical range: about 4 hours");
  await screenshot(page, "review-observed-completion");

  // Every page of the demo reachable from the overview, and the values of its inputs.
  const seen = new Set<string>();
  const queue = ["/"];
  const offending: string[] = [];
  while (queue.length > 0 && seen.size < 60) {
    const next = queue.shift() ?? "/";
    if (seen.has(next)) continue;
    seen.add(next);
    // Not "networkidle": job pages keep a live event stream open.
    await page.goto(next, { waitUntil: "load" });
    await page.locator("main").first().waitFor();
    const text = await page.locator("body").innerText();
    const values = await page
      .locator("input")
      .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    for (const shown of [text, ...values]) {
      const match = TWELVE_HOUR.exec(shown);
      if (match) offending.push(`${next}: ${match[0]}`);
    }
    const links = await page
      .locator("a[href^='/']")
      .evaluateAll((anchors) => anchors.map((a) => a.getAttribute("href") ?? ""));
    for (const href of links) {
      const pathname = new URL(href, "http://x").pathname;
      if (/^\/(api|sign-out)\b|\/output$|\/export$/.test(pathname)) continue;
      if (!seen.has(pathname)) queue.push(pathname);
    }
  }
  console.log(`words-and-time: ${seen.size} pages read for 12-hour times`);
  expect(seen.size).toBeGreaterThan(10);
  expect(offending).toEqual([]);
});

test("the draft banner says when the draft was saved, in ISO UTC", async ({ page }) => {
  await page.goto("/jobs/new/inventory");
  await page.getByLabel("Vault").selectOption("photos");
  await expect
    .poll(() => page.evaluate(() => Object.keys(window.localStorage).some((k) => k.includes("inventory"))))
    .toBe(true);
  await page.reload();
  await expect(
    page.getByText(/^Restored your draft from \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\.$/),
  ).toBeVisible();
  await page.getByRole("button", { name: "Discard draft" }).click();
});
