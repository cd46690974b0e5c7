import { expect, type Page, test } from "@playwright/test";
import { SALES_HEADER } from "../emulator/seed/reports";
import { waitForSucceeded } from "./tracking-helpers";
import {
  jobIds,
  jobsStartedSince,
  nextStep,
  seededArchiveId,
  stepHeading as heading,
  toReview,
} from "./wizard-helpers";

/**
 * The select wizard speaks Glacier Select's dialect (lib/glacier/select): it checks the SQL as it is
 * typed, underlines the problem and names it at the field, completes the archive's header names, and
 * refuses what AWS would refuse; a job composed with `FROM archive` runs on a seeded CSV archive.
 */

const VAULT = "reports";
const SALES = "reports/sales-2023-q1.csv";

const editorOf = (page: Page) => page.getByLabel("SQL expression", { exact: true });
/** The lint mark CodeMirror draws under the problem (@codemirror/lint). */
const underline = (page: Page) => page.locator(".cm-editor .cm-lintRange-error");

test("a select with FROM archive on a seeded CSV archive completes and its rows are previewed", async ({
  page,
}) => {
  const archiveId = await seededArchiveId(VAULT, SALES);
  const description = `E2E dialect ${Date.now()}`;
  await page.goto(`/jobs/new/select?vault=${VAULT}`);
  await page.getByLabel("Archive id", { exact: true }).fill(archiveId);
  await nextStep(page);
  await expect(heading(page, "Query")).toBeFocused();

  // The archive's first lines, pasted: the editor then completes its header names, quoted where needed.
  await page.getByLabel("Header line", { exact: true }).selectOption("USE");
  await page
    .getByLabel("Sample lines", { exact: true })
    .fill(`${SALES_HEADER}\n1,2023-01-05,eu-west,Gizmo,3,29.00,87.00\n`);
  const editor = editorOf(page);
  await editor.fill("SELECT s.id, s.da");
  // The list is opened before the check as you type has answered (300 ms after typing pauses). Its
  // verdict must leave the list alone: it once rebuilt the editor's language, which disabled the list
  // while it was queried again (an Enter then broke the line) or replaced it. Watching the list's element
  // catches either even when no key falls in that gap.
  await editor.press("Control+Space");
  const list = page.locator(".cm-tooltip-autocomplete");
  const selected = list.locator('[role="option"][aria-selected="true"]');
  // The header's column comes first, above the DATE_ functions.
  await expect(selected).toHaveText(/^date/);
  await list.evaluate((element) => {
    const watcher = new MutationObserver(() => {
      const change = !element.isConnected
        ? "removed"
        : element.classList.contains("cm-tooltip-autocomplete-disabled")
          ? "disabled"
          : null;
      if (!change) return;
      watcher.disconnect();
      document.body.setAttribute("data-list-changed", change);
    });
    watcher.observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await expect(page.getByText(/Expected FROM but the expression ends/)).toBeVisible();
  await expect(editor).toHaveAttribute("aria-invalid", "true");
  await expect(selected).toHaveText(/^date/);
  await expect(page.locator("body")).not.toHaveAttribute("data-list-changed", /.*/);
  // CodeMirror ignores Enter for its interactionDelay (75 ms) after the list opens, so a fast typist
  // does not pick by accident; the verdict above came 300 ms after typing, well past that bound.
  await editor.press("Enter");
  await expect(editor).toContainText('SELECT s.id, s."date"');

  // The example the help offers, as the user would pick it.
  await page.getByText("Examples", { exact: true }).click();
  await page.getByRole("button", { name: /Use the example: Header names/ }).click();
  await expect(editor).toContainText("FROM archive s WHERE s.Region = 'eu-west'");
  await expect(editor).toHaveAttribute("aria-invalid", "false");
  await nextStep(page);

  await expect(heading(page, "Output and notification")).toBeFocused();
  await page.getByLabel("S3 bucket", { exact: true }).fill("thaw-results");
  await page.getByLabel("Key prefix", { exact: true }).fill("e2e/dialect");
  await page.getByLabel("Description (optional)", { exact: true }).fill(description);
  await toReview(page);
  await page.getByRole("button", { name: "Start select job" }).click();
  await expect(page).toHaveURL(/\/jobs\/(?!new\/)[^/?]+$/);

  await waitForSucceeded(page);
  await expect(page.getByText(/result_manifest\.txt lists 1 result part/)).toBeVisible();
  const preview = page.getByRole("table", { name: "Result preview" });
  await expect(preview.getByRole("row").first()).toContainText("eu-west");
});

test("typing LIMIT 5 shows Glacier's error in the editor, and the job cannot be submitted", async ({
  page,
}) => {
  const before = await jobIds(VAULT);
  await page.goto(`/jobs/new/select?vault=${VAULT}&ArchiveId=some-archive`);
  await nextStep(page);
  const editor = editorOf(page);
  await editor.fill("SELECT * FROM archive s");
  await expect(editor).toHaveAttribute("aria-invalid", "false");
  await editor.press("End");
  await editor.pressSequentially(" LIMIT 5");
  // Debounced: the mark and the sentence come once typing pauses.
  await expect(underline(page)).toHaveText("LIMIT");
  await expect(editor).toHaveAttribute("aria-invalid", "true");
  const error = page.getByText(/LIMIT.*\(\w+, line 1, column 25\)/);
  await expect(error).toBeVisible();
  // The field's own error text is what describes the editor to a screen reader.
  const errorId = await error.getAttribute("id");
  expect(await editor.getAttribute("aria-describedby")).toContain(errorId ?? "missing");

  await nextStep(page);
  await expect(heading(page, "Query")).toBeVisible();
  await expect(heading(page, "Output and notification")).toHaveCount(0);
  expect(await jobsStartedSince(VAULT, before)).toEqual([]);
});

test("a shared link with a bad expression opens with the error at the field", async ({ page }) => {
  const query = new URLSearchParams({
    vault: VAULT,
    ArchiveId: "some-archive",
    "SelectParameters.Expression": "SELECT s.date FROM S3Object s",
    "SelectParameters.InputSerialization.csv.FileHeaderInfo": "USE",
    "OutputLocation.S3.BucketName": "thaw-results",
  });
  await page.goto(`/jobs/new/select?${query.toString()}`);
  await expect(
    page.getByRole("navigation", { name: "Wizard steps" }).getByRole("listitem").filter({ hasText: "Query" }),
  ).toContainText("needs attention");
  await nextStep(page);
  const editor = editorOf(page);
  await expect(editor).toHaveAttribute("aria-invalid", "true");
  await expect(underline(page)).toBeVisible();
  await expect(page.getByText(/\(\w+, line 1, column \d+\)/)).toBeVisible();
});
