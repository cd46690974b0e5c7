// Started by Playwright: a fresh data directory, the embedded Glacier server (seeded, time scale huge so jobs
// finish in seconds), and the built dashboard. The dashboard's output is also written to server.log, which
// the secret-leak test reads.
import { createWriteStream, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import {
  DEMO_ACCESS_KEY_ID,
  DEMO_SECRET_ACCESS_KEY,
  root,
  startEmulator,
  startStandaloneApp,
  supervise,
  waitForPort,
} from "./lib.mjs";

export const E2E_DIR = path.join(root, ".tmp", "e2e");
// Free ports that playwright.config.ts (e2e/ports.ts) picked and passed down: no fixed port, no collision.
const port = (name) => {
  const value = Number(process.env[name]);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} is not set: start this through \`npx playwright test\``);
  return value;
};
const APP_PORT = port("THAW_E2E_APP_PORT");
const EMULATOR_PORT = port("THAW_E2E_EMULATOR_PORT");
const CAPTURE_PORT = port("THAW_E2E_CAPTURE_PORT");

rmSync(E2E_DIR, { recursive: true, force: true });
mkdirSync(E2E_DIR, { recursive: true });

// The seeded admin and the SNS topic the specs use (shared with them through this file).
const accounts = JSON.parse(readFileSync(path.join(root, "e2e", "e2e-accounts.json"), "utf8"));

const TIME_SCALE = 100_000;
const emulator = startEmulator({
  port: EMULATOR_PORT,
  dataDir: path.join(E2E_DIR, "emulator"),
  timeScale: TIME_SCALE,
  extraArgs: [
    "--sns-endpoint",
    `${accounts.snsTopicArn}=http://127.0.0.1:${APP_PORT}/api/sns`,
    // A second topic delivers to the SNS spec's own listener, which replays and tampers real messages.
    "--sns-endpoint",
    `${accounts.captureTopicArn}=http://127.0.0.1:${CAPTURE_PORT}/capture`,
  ],
});
await waitForPort(EMULATOR_PORT);

const log = createWriteStream(path.join(E2E_DIR, "server.log"));
const app = startStandaloneApp({
  port: APP_PORT,
  stdio: ["ignore", "pipe", "pipe"],
  env: {
    THAW_DATA_DIR: path.join(E2E_DIR, "app"),
    THAW_SECRET_KEY: "0f".repeat(32),
    THAW_LOG_LEVEL: "debug",
    THAW_DEMO_ENDPOINT: `http://127.0.0.1:${EMULATOR_PORT}`,
    THAW_DEMO_ACCESS_KEY_ID: DEMO_ACCESS_KEY_ID,
    THAW_DEMO_SECRET_ACCESS_KEY: DEMO_SECRET_ACCESS_KEY,
    // Thaw tracks the demo connection's jobs at the emulator's pace, not AWS's (lib/jobs/sync-pace.ts).
    THAW_DEMO_TIME_SCALE: String(TIME_SCALE),
    THAW_ADMIN_EMAIL: accounts.admin.email,
    THAW_ADMIN_PASSWORD: accounts.admin.password,
    // The specs reach the app over plain http://127.0.0.1, where a Secure cookie may not be sent back.
    THAW_COOKIE_SECURE: "false",
    THAW_SNS_LOCAL_CERT_URL: `http://127.0.0.1:${EMULATOR_PORT}/sns/`,
    THAW_SNS_TOPIC_ARNS: `${accounts.snsTopicArn},${accounts.captureTopicArn}`,
  },
});
for (const stream of [app.stdout, app.stderr]) {
  stream.on("data", (chunk) => {
    log.write(chunk);
    process.stdout.write(chunk);
  });
}
supervise([emulator, app]);
