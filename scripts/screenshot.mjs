// Screenshots of dashboard pages for a look during development: node scripts/screenshot.mjs <baseUrl> <outDir> <path>...
// With THAW_SCREENSHOT_EMAIL and THAW_SCREENSHOT_PASSWORD set (e.g. the sign-in `npm run demo` prints), it signs in first.
import { chromium } from "@playwright/test";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";

const [base, outDir, ...paths] = process.argv.slice(2);
mkdirSync(outDir, { recursive: true });
const executablePath = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
const browser = await chromium.launch({
  executablePath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
const { THAW_SCREENSHOT_EMAIL: email, THAW_SCREENSHOT_PASSWORD: password } = process.env;
if (email && password) {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("signed-in-user").waitFor();
}
for (const p of paths) {
  await page.goto(base + p, { waitUntil: "networkidle" });
  const file = path.join(outDir, (p.replace(/[^a-z0-9]+/gi, "_") || "root") + ".png");
  await page.screenshot({ path: file, fullPage: true });
  console.log(file);
}
await browser.close();
