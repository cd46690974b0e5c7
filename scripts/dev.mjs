// `npm run dev`: the embedded Glacier server plus `next dev` with hot reloading, on a separate data directory.
import { spawn } from "node:child_process";
import path from "node:path";
import {
  demoSecretKey,
  localAuthEnv,
  DEMO_ACCESS_KEY_ID,
  DEMO_SECRET_ACCESS_KEY,
  root,
  startEmulator,
  supervise,
  waitForPort,
} from "./lib.mjs";
import { reexecOnNode24 } from "./node24.mjs";

await reexecOnNode24();

const EMULATOR_PORT = Number(process.env.THAW_EMULATOR_PORT ?? 9090);
const dataDir = path.resolve(process.env.THAW_DATA_DIR ?? path.join(root, ".data", "dev"));

const auth = localAuthEnv(dataDir, Number(process.env.PORT ?? 3000), EMULATOR_PORT);
const TIME_SCALE = 240;
const emulator = startEmulator({
  port: EMULATOR_PORT,
  dataDir: path.join(dataDir, "emulator"),
  timeScale: TIME_SCALE,
  extraArgs: auth.emulatorArgs,
});
console.log(`Sign in as ${auth.env.THAW_ADMIN_EMAIL} with password ${auth.env.THAW_ADMIN_PASSWORD}`);
await waitForPort(EMULATOR_PORT);
const app = spawn(path.join(root, "node_modules", ".bin", "next"), ["dev", ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: {
    ...process.env,
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
