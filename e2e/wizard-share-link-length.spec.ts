import { expect, test } from "@playwright/test";
import { MAX_SHARE_LINK_LENGTH } from "../lib/glacier/share-link";
import { toReview } from "./wizard-helpers";

/** A select wizard link whose SQL pads it to `length` characters (path and query). */
function selectLinkOfLength(length: number): string {
  const base =
    "/jobs/new/select?vault=reports&ArchiveId=any-archive&OutputLocation.S3.BucketName=thaw-results" +
    "&OutputLocation.S3.Prefix=results%2F&SelectParameters.Expression=";
  const sql = encodeURIComponent("SELECT * FROM archive s WHERE s._1 = '") + "%27";
  const pad = "x".repeat(Math.max(0, length - base.length - sql.length));
  return `${base}${sql.slice(0, -3)}${pad}%27`;
}

test("a link up to the limit opens; a longer form is not copied as a link, and the CLI command is offered", async ({
  page,
}) => {
  // The limit is what the server really opens (Node's 16 KB request headers, with a session cookie).
  const fits = selectLinkOfLength(MAX_SHARE_LINK_LENGTH);
  expect(fits).toHaveLength(MAX_SHARE_LINK_LENGTH);
  expect((await page.goto(fits))?.status()).toBe(200);
  expect((await page.request.get(selectLinkOfLength(17_000))).status()).toBe(431);

  // Just over the limit still opens here, but its link would not reliably: "Copy link" says so.
  await page.goto(selectLinkOfLength(MAX_SHARE_LINK_LENGTH + 300));
  await toReview(page);
  await page.getByRole("button", { name: "Copy link" }).click();
  const warning = page.getByRole("alert", { name: "Link too long" });
  await expect(warning).toContainText("too long to share as a link");
  await expect(warning).toContainText(`at most about ${MAX_SHARE_LINK_LENGTH.toLocaleString("en-US")}`);
  await expect(page.getByLabel("Shareable link")).toHaveCount(0);
  await expect(warning).toContainText("your draft stays saved in this browser");
  await warning.getByRole("button", { name: "Copy AWS CLI command" }).click();
  await expect(warning.getByRole("status")).toHaveText(/Copied|Select the text and copy it/);
});
