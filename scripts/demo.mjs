// `npm run demo`: install what is missing, build, then run the embedded Glacier server (seeded) and the dashboard.
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import {
  demoSecretKey,
  localAuthEnv,
  DEMO_ACCESS_KEY_ID,
  DEMO_SECRET_ACCESS_KEY,
  root,
  run,
  startEmulator,
  startStandaloneApp,
  supervise,
  waitForPort,
} from "./lib.mjs";
import { installMismatch } from "./install-state.mjs";
import { reexecOnNode24 } from "./node24.mjs";

await reexecOnNode24();

const APP_PORT = Number(process.env.PORT ?? 3000);
const EMULATOR_PORT = Number(process.env.THAW_EMULATOR_PORT ?? 9090);
const dataDir = path.resolve(process.env.THAW_DATA_DIR ?? path.join(root, ".data", "demo"));

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const lock = path.join(root, "package-lock.json");
// By content, not file times: a copied node_modules that matches the lockfile is never reinstalled.
const mismatch = installMismatch(root);
if (mismatch !== undefined) {
  console.log(`Installing dependencies (npm ci): ${mismatch}…`);
  await run("npm", ["ci", "--no-audit", "--no-fund"]);
}

const buildId = path.join(root, ".next", "BUILD_ID");
const sources = ["app", "components", "lib", "public"].map((d) => newestMtime(path.join(root, d)));
if (!existsSync(buildId) || statSync(buildId).mtimeMs < Math.max(...sources, statSync(lock).mtimeMs)) {
  console.log("Building the dashboard (next build)…");
  await run("npx", ["next", "build"]);
}

// Standard jobs (3–5 h on AWS) finish in about a minute: 4 h / 240.
const auth = localAuthEnv(dataDir, APP_PORT, EMULATOR_PORT);
const TIME_SCALE = 240;
const emulator = startEmulator({
  port: EMULATOR_PORT,
  dataDir: path.join(dataDir, "emulator"),
  timeScale: TIME_SCALE,
  extraArgs: auth.emulatorArgs,
});
await waitForPort(EMULATOR_PORT);

const app = startStandaloneApp({
  port: APP_PORT,
  env: {
    THAW_DATA_DIR: dataDir,
    THAW_SECRET_KEY: process.env.THAW_SECRET_KEY ?? demoSecretKey(dataDir),
    THAW_DEMO_ENDPOINT: `http://127.0.0.1:${EMULATOR_PORT}`,
    THAW_DEMO_ACCESS_KEY_ID: DEMO_ACCESS_KEY_ID,
    THAW_DEMO_SECRET_ACCESS_KEY: DEMO_SECRET_ACCESS_KEY,
    // Thaw tracks the demo connection's jobs at the emulator's pace, not AWS's (lib/jobs/sync-pace.ts).
    THAW_DEMO_TIME_SCALE: String(TIME_SCALE),
    ...auth.env,
  },
});
supervise([emulator, app]);
await waitForPort(APP_PORT, 120_000);
console.log(
  `\nThaw demo: http://localhost:${APP_PORT}  (embedded Glacier on http://127.0.0.1:${EMULATOR_PORT}; Ctrl-C stops both)`,
);
console.log(
  `Sign in as ${auth.env.THAW_ADMIN_EMAIL} with password ${auth.env.THAW_ADMIN_PASSWORD} (the first admin, created at the first start)\n`,
);
