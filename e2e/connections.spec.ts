import { expect, test } from "@playwright/test";
import { ListVaultsCommand } from "@aws-sdk/client-glacier";
import { addAccessKeyConnection, testConnection } from "./helpers";
import { glacier } from "./wizard-helpers";

/** How many vaults the embedded server lists, every page of them. */
async function vaultCount(): Promise<number> {
  let count = 0;
  let marker: string | undefined;
  do {
    const page = await glacier().send(new ListVaultsCommand({ accountId: "-", marker }));
    count += page.VaultList?.length ?? 0;
    marker = page.Marker ?? undefined;
  } while (marker);
  return count;
}

test("the demo starts with a ready Local Glacier connection that lists the seeded vaults", async ({
  page,
}) => {
  await page.goto("/vaults");
  await expect(page.getByRole("heading", { name: "Vaults", level: 1 })).toBeVisible();
  for (const vault of ["archive-100k", "documents", "photos", "photos_mapping", "reports"]) {
    await expect(page.getByRole("link", { name: vault, exact: true })).toBeVisible();
  }
  await page.getByRole("link", { name: "documents", exact: true }).click();
  await expect(page.getByRole("heading", { name: "documents", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Get a fresh inventory" })).toHaveAttribute(
    "href",
    "/jobs/new/inventory?vault=documents",
  );
});

test("add a connection, test it, switch to it and see its vaults", async ({ page }) => {
  await addAccessKeyConnection(page, { name: "Oregon archive", region: "us-west-2" });
  const item = await testConnection(page, "Oregon archive");
  // As many vaults as the server lists: the seeded five and those other specs created.
  await expect(item.getByRole("status")).toContainText(
    new RegExp(`Connected in \\d+ ms: ${await vaultCount()} vaults`),
  );

  await page.getByLabel("Active connection", { exact: true }).selectOption({ label: "Oregon archive" });
  await expect(page.getByTestId("active-connection-scope")).toContainText("us-west-2");
  await page.getByRole("link", { name: "Vaults" }).click();
  await expect(page.getByText(/in Oregon archive \(us-west-2\)/)).toBeVisible();
  await expect(page.getByRole("link", { name: "reports", exact: true })).toBeVisible();
});

test("an unreachable endpoint shows a clear error with its code", async ({ page }) => {
  await addAccessKeyConnection(page, { name: "Nowhere", endpoint: "http://127.0.0.1:9" });
  const item = await testConnection(page, "Nowhere");
  const alert = item.getByRole("alert", { name: /Connection test failed/ });
  await expect(alert).toContainText("connection refused");
  await expect(alert).toContainText("ECONNREFUSED");
});

test("a wrong secret shows the exact AWS error and request id", async ({ page }) => {
  await addAccessKeyConnection(page, { name: "Wrong secret", secret: "not-the-right-secret-key" });
  const item = await testConnection(page, "Wrong secret");
  const alert = item.getByRole("alert", { name: /Connection test failed/ });
  await expect(alert).toContainText("InvalidSignatureException");
  await expect(alert).toContainText(/request id \S+/);
});

test("bad input is refused at the field and nothing is saved", async ({ page }) => {
  await page.goto("/settings/connections/new");
  await page.getByLabel("Name", { exact: true }).fill("Half saved");
  await page.getByLabel("Endpoint URL (optional)", { exact: true }).fill("glacier dot example");
  await page.getByRole("radio", { name: /Access key/ }).check();
  await page.getByLabel("Access key id", { exact: true }).fill("AKIDTHAWDEMO00000000");
  await page.getByRole("button", { name: "Save connection" }).click();
  await expect(page.getByLabel("Endpoint URL (optional)", { exact: true })).toHaveAttribute(
    "aria-invalid",
    "true",
  );
  await expect(page.getByText("Enter an http:// or https:// URL")).toBeVisible();
  await expect(page.getByText("Enter the secret access key")).toBeVisible();
  await expect(page).toHaveURL(/\/new$/);

  await page.goto("/settings/connections");
  await expect(page.getByRole("listitem", { name: "Half saved" })).toHaveCount(0);
});

test("edit keeps the stored secret when left blank, and delete asks first", async ({ page }) => {
  await addAccessKeyConnection(page, { name: "Editable" });
  await page.getByRole("link", { name: "Edit connection Editable" }).click();
  await page.getByLabel("Name", { exact: true }).fill("Edited");
  await page.getByRole("button", { name: "Save connection" }).click();
  await expect(page.getByRole("listitem", { name: "Edited" })).toBeVisible();
  const item = await testConnection(page, "Edited");
  await expect(item.getByRole("status")).toContainText("Connected");

  await item.getByRole("button", { name: "Delete connection Edited" }).click();
  await item.getByRole("button", { name: "Delete Edited" }).click();
  await expect(page.getByRole("listitem", { name: "Edited" })).toHaveCount(0);
});
