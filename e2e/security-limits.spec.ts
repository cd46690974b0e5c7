import http from "node:http";
import path from "node:path";
import { type Browser, expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { serverAction } from "./action-client";
import { signIn } from "./auth-helpers";
import { instancePage, sharedSsoAppInstance } from "./security-instance";

/**
 * Body limits and redirect Locations over real HTTP, on a dashboard of its own (with SSO against a test
 * provider, both on free ports): a chunked server-action body past 1 MiB is refused
 * with 413 and changes nothing; redirects keep the host the browser used (relative Locations).
 */

const ADMIN = { email: "limits-admin@thaw.test", password: "limits-e2e-admin-password" };
const MiB = 1024 * 1024;
// Playwright compiles specs to CommonJS here, where import.meta is unavailable.
const dbFile = path.resolve(__dirname, "..", ".tmp", "e2e-limits", "thaw.sqlite");

test.describe.configure({ mode: "serial" });

const sso = sharedSsoAppInstance("limits", {
  clientId: "thaw-limits",
  admin: ADMIN,
  defaultRole: "viewer",
});

async function adminCookie(browser: Browser): Promise<string> {
  const page = await instancePage(browser, sso.app);
  await signIn(page, ADMIN.email, ADMIN.password);
  const cookies = await page.context().cookies();
  await page.context().close();
  return cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}

/** A POST with Transfer-Encoding: chunked (no Content-Length), written in 64 KiB pieces. */
function chunkedPost(
  pathname: string,
  headers: Record<string, string>,
  body: Buffer,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${sso.app.url}${pathname}`,
      { method: "POST", headers: { ...headers, "Transfer-Encoding": "chunked" } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
        );
      },
    );
    request.on("error", reject);
    for (let at = 0; at < body.length; at += 64 * 1024) request.write(body.subarray(at, at + 64 * 1024));
    request.end();
  });
}

function users(): { count: number; emails: string[]; audit: number } {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const emails = (
      db.prepare("select email from users order by email").all() as Array<{ email: string }>
    ).map((r) => r.email);
    const audit = (
      db.prepare("select count(*) as n from audit_log where action = 'user.create'").get() as { n: number }
    ).n;
    return { count: emails.length, emails, audit };
  } finally {
    db.close();
  }
}

function newUser(email: string, pad: number): Record<string, string> {
  // Unknown keys are stripped by the schema, so only the size tells the two requests apart.
  return { email, name: "Chunked", role: "viewer", password: "a long enough password", pad: "x".repeat(pad) };
}

function multipart(fields: Record<string, string>): { body: Buffer; type: string } {
  const boundary = "----thaw-limits-boundary";
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  return {
    body: Buffer.from(`${parts.join("")}--${boundary}--\r\n`),
    type: `multipart/form-data; boundary=${boundary}`,
  };
}

test("a chunked server-action body over 1 MiB gets 413 and creates nothing; the same request under it works", async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const cookie = await adminCookie(browser);
  const action = serverAction("createUserAction");
  const headers = {
    "Next-Action": action.id,
    Accept: "text/x-component",
    Origin: sso.app.url,
    Cookie: cookie,
  };
  const text = (user: Record<string, string>) => Buffer.from(JSON.stringify([user]));

  const small = await chunkedPost(
    action.page,
    { ...headers, "Content-Type": "text/plain;charset=UTF-8" },
    text(newUser("small-text@thaw.test", 1000)),
  );
  expect(small.status).toBe(200);
  const smallForm = multipart({
    "0": JSON.stringify([newUser("small-form@thaw.test", 0)]),
    pad: "y".repeat(1000),
  });
  expect(
    (await chunkedPost(action.page, { ...headers, "Content-Type": smallForm.type }, smallForm.body)).status,
  ).toBe(200);
  const before = users();
  expect(before.emails).toEqual(expect.arrayContaining(["small-text@thaw.test", "small-form@thaw.test"]));

  const bigText = await chunkedPost(
    action.page,
    { ...headers, "Content-Type": "text/plain;charset=UTF-8" },
    text(newUser("big-text@thaw.test", 2 * MiB)),
  );
  expect(bigText).toEqual({ status: 413, text: JSON.stringify({ error: "Request body too large." }) });
  const bigForm = multipart({
    "0": JSON.stringify([newUser("big-form@thaw.test", 0)]),
    pad: "y".repeat(2 * MiB),
  });
  expect(
    (await chunkedPost(action.page, { ...headers, "Content-Type": bigForm.type }, bigForm.body)).status,
  ).toBe(413);
  expect(users()).toEqual(before);
  expect((await fetch(`${sso.app.url}/api/health`)).ok).toBe(true);
});

test("the sign-in redirect is relative, so the browser stays on the host it used", async ({ browser }) => {
  const page = await instancePage(browser, sso.app);
  const response = await page.request.get("/jobs?state=running", { maxRedirects: 0 });
  expect(response.status()).toBe(307);
  expect(response.headers().location).toBe("/sign-in?next=%2Fjobs%3Fstate%3Drunning");
  expect((await page.request.get("/", { maxRedirects: 0 })).headers().location).toBe("/sign-in");
  await page.goto("/vaults");
  expect(page.url()).toBe(`${sso.app.url}/sign-in?next=%2Fvaults`);
  await page.context().close();
});

test("SSO redirects: relative back into the app, absolute only to the provider, and the session cookie survives", async ({
  browser,
}) => {
  const page = await instancePage(browser, sso.app);
  const refused = await page.request.get("/sign-in/sso/callback?code=x&state=y", { maxRedirects: 0 });
  expect(refused.headers().location).toBe("/sign-in?error=sso");

  sso.idp.signInAs({ sub: "limits-0001", email: "limits-sso@corp.example", name: "Limits SSO" });
  let url = new URL("/sign-in/sso?next=%2Fjobs", sso.app.url);
  const first = await page.request.get(url.toString(), { maxRedirects: 0 });
  expect(first.headers().location?.startsWith(`${sso.idp.issuer}/`)).toBe(true);
  for (let hop = 0; hop < 10 && !url.href.startsWith(sso.redirect); hop += 1) {
    const location = (await page.request.get(url.toString(), { maxRedirects: 0 })).headers().location;
    if (!location) break;
    url = new URL(location, url);
  }
  expect(url.href.startsWith(sso.redirect)).toBe(true);
  const back = await page.request.get(url.toString(), { maxRedirects: 0 });
  expect(back.headers().location).toBe("/jobs");
  expect(back.headers()["set-cookie"]).toMatch(/thaw-session=/);
  await page.goto("/jobs");
  await expect(page.getByTestId("signed-in-user")).toContainText("Limits SSO");
  await page.context().close();
});
