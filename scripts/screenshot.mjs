// Screenshots of dashboard pages for a look during development: node scripts/screenshot.mjs <baseUrl> <outDir> <path>...
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
for (const p of paths) {
  await page.goto(base + p, { waitUntil: "networkidle" });
  const file = path.join(outDir, (p.replace(/[^a-z0-9]+/gi, "_") || "root") + ".png");
  await page.screenshot({ path: file, fullPage: true });
  console.log(file);
}
await browser.close();
