import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { addUser, signIn, signedOutPage } from "./auth-helpers";
import { testConnection } from "./helpers";
import { EMULATOR_URL } from "./ports";

// A secret that exists nowhere but in this test: if it shows up in any output, it leaked.
const PLANTED_SECRET = "PlantedSecretKey+Do/Not/Leak0123456789xyz";
const PLANTED_TOKEN = "PlantedSessionTokenValue0123456789";
const PLANTED_PASSWORD = "PlantedUserPassword-Do-Not-Leak-42";
// Playwright compiles specs to CommonJS here, where import.meta is unavailable.
const root = path.resolve(__dirname, "..");

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : [p];
  });
}

function leaks(text: string): boolean {
  return text.includes(PLANTED_SECRET) || text.includes(PLANTED_TOKEN) || text.includes(PLANTED_PASSWORD);
}

test("a stored secret or password never appears in pages, RSC payloads, static assets, logs or the audit export", async ({
  page,
  request,
  browser,
}) => {
  const bodies: Array<{ url: string; body: string }> = [];
  page.on("response", async (response) => {
    try {
      bodies.push({ url: response.url(), body: await response.text() });
    } catch {
      // redirects and aborted requests have no body
    }
  });

  await page.goto("/settings/connections/new");
  await page.getByLabel("Name", { exact: true }).fill("Planted");
  await page.getByLabel("Endpoint URL (optional)", { exact: true }).fill(EMULATOR_URL);
  await page.getByRole("radio", { name: /Access key/ }).check();
  await page.getByLabel("Access key id", { exact: true }).fill("AKIDTHAWDEMO00000000");
  await page.getByLabel("Secret access key", { exact: true }).fill(PLANTED_SECRET);
  await page.getByLabel("Session token (optional)", { exact: true }).fill(PLANTED_TOKEN);
  await page.getByRole("button", { name: "Save connection" }).click();
  await expect(page.getByRole("listitem", { name: "Planted" })).toBeVisible();
  // The wrong secret makes the emulator refuse the signature: the failure path is logged too.
  const item = await testConnection(page, "Planted");
  await expect(item.getByRole("alert")).toContainText("InvalidSignatureException");
  await page.getByLabel("Active connection", { exact: true }).selectOption({ label: "Planted" });
  await expect(page.getByTestId("active-connection-scope")).toBeVisible();

  // A user's password: set by an admin, used to sign in (once wrong, once right).
  const plantedUser = `planted-${Date.now()}@thaw.test`;
  await addUser(page, {
    email: plantedUser,
    name: "Planted User",
    role: "operator",
    password: PLANTED_PASSWORD,
  });
  const other = await signedOutPage(browser);
  await other.goto("/sign-in");
  await other.getByLabel("Email", { exact: true }).fill(plantedUser);
  await other.getByLabel("Password", { exact: true }).fill(`${PLANTED_PASSWORD}-wrong`);
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other.getByText("Wrong email or password.")).toBeVisible();
  await signIn(other, plantedUser, PLANTED_PASSWORD);
  await other.context().close();
  await page.goto("/settings/connections");

  const editHref = await page.getByRole("link", { name: "Edit connection Planted" }).getAttribute("href");
  expect(editHref).toMatch(/^\/settings\/connections\/[0-9a-f-]{36}$/);
  const pages = [
    "/",
    "/vaults",
    "/vaults/documents",
    "/jobs",
    "/jobs/new",
    "/settings/connections",
    String(editHref),
    "/settings/users",
    "/audit",
  ];
  for (const url of pages) {
    await page.goto(url);
    await page.waitForLoadState("load");
    expect(leaks(await page.content()), `HTML of ${url}`).toBe(false);
    // The RSC payload of the same route, as client navigation fetches it.
    const rsc = await request.get(url, { headers: { RSC: "1" } });
    expect(leaks(await rsc.text()), `RSC payload of ${url}`).toBe(false);
  }
  // Client-side navigations fetch RSC payloads too; the response listener saw them all.
  await page.getByRole("link", { name: "Vaults" }).click();
  await page.getByRole("link", { name: "Settings" }).click();
  await page.waitForLoadState("load");
  expect(bodies.length).toBeGreaterThan(pages.length);
  for (const { url, body } of bodies) expect(leaks(body), `response ${url}`).toBe(false);

  const audit = await request.get("/audit/export");
  const auditCsv = await audit.text();
  expect(auditCsv).toContain(plantedUser);
  expect(auditCsv).toContain("connection.create");
  expect(leaks(auditCsv), "audit export").toBe(false);

  const staticFiles = filesUnder(path.join(root, ".next", "static"));
  expect(staticFiles.length).toBeGreaterThan(0);
  for (const file of staticFiles) {
    if (statSync(file).size > 20_000_000) continue;
    expect(leaks(readFileSync(file, "latin1")), file).toBe(false);
  }

  const log = readFileSync(path.join(root, ".tmp", "e2e", "server.log"), "utf8");
  expect(log).toContain("connection created");
  expect(leaks(log), "server log").toBe(false);

  // At rest the secret is sealed: the database file holds no plaintext copy either.
  const dbFile = path.join(root, ".tmp", "e2e", "app", "thaw.sqlite");
  const wal = `${dbFile}-wal`;
  const raw =
    readFileSync(dbFile, "latin1") +
    (statSync(wal, { throwIfNoEntry: false }) ? readFileSync(wal, "latin1") : "");
  expect(leaks(raw), "database file").toBe(false);
});
