import { type Browser, expect, type Page } from "@playwright/test";

/** Signs in through the form, the way a person does, and waits for the dashboard. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-user")).toBeVisible();
}

/** Adds a user on the admin page (the admin's page must be signed in). */
export async function addUser(
  page: Page,
  user: { email: string; name: string; role: "viewer" | "operator" | "admin"; password: string },
): Promise<void> {
  await page.goto("/settings/users");
  const form = page.getByRole("form", { name: "Add user" });
  await form.getByLabel("Email", { exact: true }).fill(user.email);
  await form.getByLabel("Name", { exact: true }).fill(user.name);
  await form.getByLabel("Role", { exact: true }).selectOption(user.role);
  await form.getByLabel("Initial password", { exact: true }).fill(user.password);
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByRole("listitem", { name: user.email })).toBeVisible();
}

/** A fresh browser context with nobody signed in. */
export async function signedOutPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  return context.newPage();
}
