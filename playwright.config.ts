import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
// Picks the shared servers' free ports once, in the runner, and hands them to the webServer and the workers.
import { APP_URL } from "./e2e/ports";

// Playwright cannot download its browsers here: use Debian's Chromium when it is installed.
const systemChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
/** Where the setup project saves the admin's signed-in browser state (outside .tmp/e2e, which the server wipes). */
export const ADMIN_STATE = ".tmp/e2e-auth/admin.json";

const launchOptions = systemChromium
  ? {
      executablePath: systemChromium,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
      ],
    }
  : {};

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"]],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    // Guard: the specs only ever run against the dashboard the test run starts, wired to the embedded server.
    baseURL: APP_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    // Signs in once as the seeded admin and saves the session for the specs that run as admin.
    { name: "setup", testMatch: /auth\.setup\.ts$/, use: { launchOptions } },
    {
      name: "chromium",
      dependencies: ["setup"],
      testIgnore: /fuzz\.spec\.ts$/,
      use: { ...devices["Desktop Chrome"], launchOptions, storageState: ADMIN_STATE },
    },
    // Last: thousands of hostile requests must not disturb the specs above.
    {
      name: "fuzz",
      dependencies: ["setup"],
      testMatch: /fuzz\.spec\.ts$/,
      use: { launchOptions, storageState: ADMIN_STATE },
    },
  ],
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: `${APP_URL}/api/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
