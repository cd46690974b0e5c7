// Shared by the demo, dev and e2e launchers: start the embedded Glacier server and the dashboard together.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "..");
export const DEMO_ACCESS_KEY_ID = "AKIDTHAWDEMO00000000";
export const DEMO_SECRET_ACCESS_KEY = "thaw-demo-secret-access-key";

/** A per-data-directory AES key, so the demo can store the Local Glacier connection's secret encrypted. */
export function demoSecretKey(dataDir) {
  const file = path.join(dataDir, "secret-key");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

export const DEMO_ADMIN_EMAIL = "admin@thaw.local";
export const DEMO_SNS_TOPIC = "arn:aws:sns:us-east-1:123456789012:thaw-demo";

/**
 * Sign-in and SNS for the local launchers: the first admin (a per-data-directory random password,
 * kept next to the secret key), the embedded server's certificate trusted, and its demo topic allowed
 * and delivered to this dashboard. Plain http on loopback: no Secure cookie flag there.
 */
export function localAuthEnv(dataDir, appPort, emulatorPort) {
  const file = path.join(dataDir, "admin-password");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(12).toString("base64url"), { mode: 0o600 });
  }
  return {
    env: {
      THAW_ADMIN_EMAIL: process.env.THAW_ADMIN_EMAIL ?? DEMO_ADMIN_EMAIL,
      THAW_ADMIN_PASSWORD: process.env.THAW_ADMIN_PASSWORD ?? readFileSync(file, "utf8").trim(),
      THAW_COOKIE_SECURE: process.env.THAW_COOKIE_SECURE ?? "false",
      THAW_SNS_LOCAL_CERT_URL: `http://127.0.0.1:${emulatorPort}/sns/`,
      THAW_SNS_TOPIC_ARNS: DEMO_SNS_TOPIC,
    },
    emulatorArgs: ["--sns-endpoint", `${DEMO_SNS_TOPIC}=http://127.0.0.1:${appPort}/api/sns`],
  };
}

export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit", cwd: root, ...options });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`)),
    );
  });
}

export async function waitForPort(port, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise((resolve) => {
      const socket = net.connect({ host: "127.0.0.1", port }, () => {
        socket.end();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Nothing listened on 127.0.0.1:${port} within ${timeoutMs / 1000} s`);
}

/** Starts long-running children; when one exits or a signal arrives, the others are stopped too. */
export function supervise(children) {
  let stopping = false;
  const stopAll = (code) => {
    if (stopping) return;
    stopping = true;
    for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
    setTimeout(() => process.exit(code), 1500).unref();
  };
  for (const c of children) c.on("exit", (code) => stopAll(code ?? 1));
  process.on("SIGINT", () => stopAll(0));
  process.on("SIGTERM", () => stopAll(0));
}

export function startEmulator({ port, dataDir, timeScale, extraArgs = [], stdio = "inherit" }) {
  const tsx = path.join(root, "node_modules", ".bin", "tsx");
  return spawn(
    tsx,
    [
      "emulator/main.ts",
      "--port",
      String(port),
      "--data",
      dataDir,
      "--seed",
      "demo",
      "--time-scale",
      String(timeScale),
      ...extraArgs,
    ],
    {
      cwd: root,
      stdio,
    },
  );
}

/**
 * Runs the built app the way the container does: Next's standalone server, with the static assets and
 * public/ copied beside it (`next start` warns that it does not fit `output: "standalone"`).
 */
export function startStandaloneApp({ port, env, stdio = "inherit" }) {
  const standalone = path.join(root, ".next", "standalone");
  if (!existsSync(path.join(standalone, "server.js")))
    throw new Error("No standalone build: run `npx next build` first");
  rmSync(path.join(standalone, ".next", "static"), { recursive: true, force: true });
  cpSync(path.join(root, ".next", "static"), path.join(standalone, ".next", "static"), { recursive: true });
  cpSync(path.join(root, "public"), path.join(standalone, "public"), { recursive: true });
  return spawn(process.execPath, [path.join(standalone, "server.js")], {
    cwd: standalone,
    stdio,
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOSTNAME: "127.0.0.1", ...env },
  });
}
