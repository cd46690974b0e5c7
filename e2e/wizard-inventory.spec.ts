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
  toReview,
} from "./wizard-helpers";

const VAULT = "documents";

test("compose an inventory job, share it, reopen it elsewhere, submit, and find it in the job list", async ({
  page,
  browser,
}) => {
  const description = `E2E inventory ${Date.now()}`;
  await page.goto(`/vaults/${VAULT}`);
  await page.getByRole("link", { name: "Get a fresh inventory" }).click();
  await expect(page).toHaveURL(/\/jobs\/new\/inventory\?vault=documents$/);
  await expect(page.getByLabel("Vault")).toHaveValue(VAULT);
  await page.getByRole("radio", { name: "CSV" }).check();
  await nextStep(page);

  await expect(stepHeading(page, "Parameters")).toBeFocused();
  await page.getByLabel("Created from (UTC)").fill("2020-01-01T00:00:00");
  await page.getByLabel("Created before (UTC)").fill("2035-06-30T12:30:15");
  await page.getByLabel("Limit (optional)").fill("500");
  await nextStep(page);

  await expect(stepHeading(page, "Output and notification")).toBeFocused();
  await page.getByLabel("Description (optional)").fill(description);
  await expect(page.getByText(`${description.length} / 1024 bytes`)).toBeVisible();
  await nextStep(page);

  await expect(stepHeading(page, "Review")).toBeFocused();
  const review = await reviewTexts(page);
  expect(review.request).toContain("POST /-/vaults/documents/jobs HTTP/1.1");
  expect(review.cli).toContain("--account-id=-");
  expect(review.cli).toContain(
    '"StartDate":"2020-01-01T00:00:00Z","EndDate":"2035-06-30T12:30:15Z","Limit":"500"',
  );
  expect(review.boto3).toContain(`"Description": "${description}"`);

  const link = await copyLink(page);
  expect(link).toContain("InventoryRetrievalParameters.Limit=500");
  expect(link).toContain("connection=Local+Glacier");

  const other = await openElsewhere(browser, page, link);
  await expect(other.getByLabel("Vault")).toHaveValue(VAULT);
  await expect(other.getByRole("radio", { name: "CSV" })).toBeChecked();
  await nextStep(other);
  // The UTC fields show Glacier's own string, never the browser's locale format.
  await expect(other.getByLabel("Created from (UTC)")).toHaveValue("2020-01-01T00:00:00Z");
  await expect(other.getByLabel("Created before (UTC)")).toHaveValue("2035-06-30T12:30:15Z");
  await expect(other.getByLabel("Limit (optional)")).toHaveValue("500");
  await toReview(other);
  expect(await reviewTexts(other)).toEqual(review);
  // The link only prefills: nothing was started by opening it.
  await expect(other).toHaveURL(/\/jobs\/new\/inventory\?/);
  await other.context().close();

  const before = await jobIds(VAULT);
  await page.getByRole("button", { name: "Start inventory job" }).click();
  await expect(page).toHaveURL(/\/jobs\/[^/]+$/);
  const jobId = jobIdFromUrl(page.url());
  expect(await jobsStartedSince(VAULT, before)).toEqual([jobId]);
  await expect(page.getByRole("heading", { level: 1, name: description })).toBeVisible();
  await expect(page.getByLabel("Recorded parameters")).toContainText('"Limit": "500"');

  await page.getByRole("link", { name: "Jobs", exact: true }).first().click();
  await expect(page.getByRole("row").filter({ hasText: description })).toBeVisible();
});

test("keyboard only: Enter moves on, never submits early; errors stop at their step", async ({ page }) => {
  await page.goto(`/jobs/new/inventory?vault=${VAULT}`);
  // The form checks its default radio once it has hydrated; Tab lands on the checked radio only after that.
  await expect(page.getByRole("radio", { name: "JSON" })).toBeChecked();
  await page.getByLabel("Vault").focus();
  // Vault → Format (one radio group) → Next.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("radio", { name: "JSON" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: /^Next/ })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(stepHeading(page, "Parameters")).toBeFocused();

  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Created from (UTC)")).toBeFocused();
  await page.getByLabel("Limit (optional)").focus();
  await page.keyboard.type("0");
  await page.keyboard.press("Enter");
  await expect(page.getByText(/must be a whole number of at least 1/)).toBeVisible();
  await expect(stepHeading(page, "Parameters")).toBeVisible();
  await expect(page.getByLabel("Limit (optional)")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Limit (optional)").fill("10");
  await page.keyboard.press("Enter");
  await expect(stepHeading(page, "Output and notification")).toBeFocused();
  await page.getByLabel("Description (optional)").fill("Café");
  await page.keyboard.press("Enter");
  await expect(page.getByText(/printable ASCII characters/)).toBeVisible();
  await page.getByLabel("Description (optional)").fill("cafe");
  await page.getByLabel("SNS topic ARN (optional)").fill("arn:aws:sns:us-east-1:123:topic");
  await page.keyboard.press("Enter");
  await expect(page.getByText(/the account ID must be 12 digits/)).toBeVisible();
  await page.getByLabel("SNS topic ARN (optional)").fill("");
  await page.keyboard.press("Enter");
  await expect(stepHeading(page, "Review")).toBeFocused();
  await expect(page).toHaveURL(/\/jobs\/new\/inventory/);
});

test("a half-filled wizard keeps its draft across a reload, and Discard draft clears it", async ({
  page,
}) => {
  await page.goto("/jobs/new/inventory");
  await page.getByLabel("Vault").selectOption("photos");
  await nextStep(page);
  await page.getByLabel("Limit (optional)").fill("42");
  await page.waitForTimeout(400); // the draft is saved debounced
  await page.reload();
  await expect(page.getByText(/Restored your draft/)).toBeVisible();
  await expect(stepHeading(page, "Parameters")).toBeVisible();
  await expect(page.getByLabel("Limit (optional)")).toHaveValue("42");
  await page.getByRole("button", { name: "Back" }).click();
  await expect(page.getByLabel("Vault")).toHaveValue("photos");

  await page.getByRole("button", { name: "Discard draft" }).click();
  await expect(page.getByLabel("Vault")).toHaveValue("");
  await page.reload();
  await expect(page.getByText(/Restored your draft/)).toHaveCount(0);
  await expect(page.getByLabel("Vault")).toHaveValue("");
});

test("a link wins over a draft, which is offered instead", async ({ page }) => {
  await page.goto("/jobs/new/inventory");
  await page.getByLabel("Vault").selectOption("photos");
  await page.waitForTimeout(400);
  await page.goto("/jobs/new/inventory?vault=reports&Format=CSV");
  await expect(page.getByLabel("Vault")).toHaveValue("reports");
  await page.getByRole("button", { name: "Restore draft" }).click();
  await expect(page.getByLabel("Vault")).toHaveValue("photos");
});

test("a tampered link shows field errors, not a crash", async ({ page }) => {
  await page.goto(
    "/jobs/new/inventory?vault=no%20such!&Format=XML&InventoryRetrievalParameters.Limit=-5&Bogus=1&connection=Elsewhere",
  );
  // At the fields of step 1, and listed with the link's other problems above it (words-and-time.spec).
  const step = page.getByRole("region", { name: /^Step 1 of/ });
  await expect(step.getByText(/Vault name may contain only/)).toBeVisible();
  await expect(step.getByText(/Invalid Format: XML/)).toBeVisible();
  await expect(page.getByText(/This link was made with connection/)).toBeVisible();
  await expect(
    page
      .getByRole("navigation", { name: "Wizard steps" })
      .getByRole("listitem")
      .filter({ hasText: "Parameters" }),
  ).toContainText("needs attention");
});
