/**
 * Job tracking benchmark, against the built app (`npx next build` first):
 *   - an archive output downloaded through Thaw's route (GetJobOutput streamed, tree-hashed and its
 *     leaf digests recorded on the way) next to the same output read directly from the embedded
 *     server with the SDK, by a client in this process that only counts the bytes (ratio; goal ≥ 0.8).
 *     Rounds alternate between the two paths (the machine is shared: neighbours hit both alike) and
 *     the median of each is compared. A second ratio compares Thaw with a direct read that does the
 *     same verification work itself (the tree hash of the bytes, client side);
 *   - filtering the 10 000-job list in Chromium: from a keystroke in the search box to the next paint
 *     with the filtered count (median ms; goal < 100).
 * Starts its own embedded server and standalone app (on free ports) with a seeded 10 000-job
 * database in a temp directory, and removes it afterwards.
 * Run: npx tsx bench/tracking.ts [MiB] [--app <standalone dir>] [--rounds n] [--no-filter] [--app-node-arg <arg>]…
 *   [--paths thaw,direct,directVerified,bareProxy] (a subset, e.g. to profile one path)
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Readable } from "node:stream";
import {
  GetJobOutputCommand,
  GlacierClient,
  InitiateJobCommand,
  UploadArchiveCommand,
} from "@aws-sdk/client-glacier";
import { chromium, type Page } from "@playwright/test";
import { TreeHasher } from "../lib/glacier/tree-hash";
import {
  alternate,
  cpuFigures,
  type Path,
  drain,
  freePort,
  httpGet,
  median,
  processMeters,
  sha256Rate,
  startBareProxy,
  waitForIdle,
} from "./download-paths";
import { seedJobs } from "./seed-jobs";

// Free ports picked at start: other test runs on this machine use fixed ones (a clash made the app
// answering /api/health someone else's).
let EMULATOR_PORT = 0;
let APP_PORT = 0;
let PROXY_PORT = 0;
let APP = "";

const JOBS = 10_000;
const ADMIN = { email: "bench@thaw.test", password: "bench-admin-password-0000" };

const ROOT = path.resolve(__dirname, "..");
const DEMO_KEY = { accessKeyId: "AKIDTHAWDEMO00000000", secretAccessKey: "thaw-demo-secret-access-key" };

/** The embedded server as its own process (so its CPU is not the benchmark client's). */
function startEmulator(dataDir: string): ChildProcess {
  const args = ["emulator/main.ts", "--port", String(EMULATOR_PORT), "--data", dataDir, "--seed", "demo"];
  return spawn(
    path.join(ROOT, "node_modules", ".bin", "tsx"),
    [...args, "--time-scale", "1000000", "--min-retention", "3600"],
    {
      cwd: ROOT,
      stdio: "ignore",
    },
  );
}

export interface TrackingBenchOptions {
  archiveMiB?: number;
  /** A standalone build other than .next/standalone (a copy with its static files), e.g. to compare builds. */
  standaloneDir?: string;
  /** Download rounds per path (alternating); the median of each path is compared. */
  rounds?: number;
  /** Measure the Chromium filter too (default true). */
  filter?: boolean;
  /** Extra node arguments for the app process (e.g. --cpu-prof). */
  appNodeArgs?: string[];
  /** Only these download paths (thaw, direct, directVerified, bareProxy), e.g. to profile one. */
  paths?: string[];
}

/** The built app as the container runs it (scripts/lib.mjs startStandaloneApp does the same for the e2e run). */
function startApp(env: Record<string, string>, logFile: string, options: TrackingBenchOptions): ChildProcess {
  const standalone = options.standaloneDir ?? path.join(ROOT, ".next", "standalone");
  if (!fs.existsSync(path.join(standalone, "server.js")))
    throw new Error("No standalone build: run `npx next build` first");
  if (options.standaloneDir === undefined) {
    fs.rmSync(path.join(standalone, ".next", "static"), { recursive: true, force: true });
    fs.cpSync(path.join(ROOT, ".next", "static"), path.join(standalone, ".next", "static"), {
      recursive: true,
    });
    fs.cpSync(path.join(ROOT, "public"), path.join(standalone, "public"), { recursive: true });
  }
  const log = fs.openSync(logFile, "a");
  return spawn(process.execPath, [...(options.appNodeArgs ?? []), path.join(standalone, "server.js")], {
    cwd: standalone,
    stdio: ["ignore", log, log],
    env: { ...process.env, NODE_ENV: "production", PORT: String(APP_PORT), HOSTNAME: "127.0.0.1", ...env },
  });
}

async function waitForHttp(url: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(url).then(
      () => true,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer`);
}

function glacierClient(): GlacierClient {
  return new GlacierClient({
    endpoint: `http://127.0.0.1:${EMULATOR_PORT}`,
    region: "us-east-1",
    credentials: DEMO_KEY,
  });
}

async function signInIfAsked(page: Page): Promise<void> {
  await page.goto(`${APP}/sign-in`);
  const email = page.getByLabel("Email", { exact: true });
  if ((await email.count()) === 0) return;
  await email.fill(ADMIN.email);
  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page
    .waitForURL((url) => !url.pathname.startsWith("/sign-in"))
    .catch(async () => {
      throw new Error(`sign-in did not succeed: ${(await page.locator("body").innerText()).slice(0, 500)}`);
    });
}

/**
 * Milliseconds from setting the search text to the frame after the filtered count rendered. Runs in
 * the page as source text: tsx would wrap a compiled function in helpers the page does not have.
 */
const FILTER_SCRIPT = `async (query) => {
  const input = document.querySelector('input[type="search"]');
  const count = document.querySelector('[data-testid="jobs-count"]');
  if (!input || !count) throw new Error("jobs page controls not found");
  const before = count.textContent;
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
  const started = performance.now();
  setValue.call(input, query);
  input.dispatchEvent(new Event("input", { bubbles: true }));
  await new Promise((resolve) => {
    const check = () => (count.textContent !== before ? resolve() : requestAnimationFrame(check));
    requestAnimationFrame(check);
  });
  await new Promise((resolve) => requestAnimationFrame(() => resolve()));
  return performance.now() - started;
}`;

async function timeFilter(page: Page, text: string): Promise<number> {
  return page.evaluate<number>(`(${FILTER_SCRIPT})(${JSON.stringify(text)})`);
}

async function filterTimings(page: Page): Promise<number[]> {
  await page
    .getByTestId("jobs-count")
    .filter({ hasText: `of ${JOBS.toLocaleString("en-US")}` })
    .waitFor({ timeout: 60_000 });
  const timings: number[] = [];
  for (const query of [
    "vault-7",
    "nightly backup 42",
    "",
    "inventory",
    "vault-1",
    "zzz-none",
    "",
    "bench-job-99",
  ])
    timings.push(await timeFilter(page, query));
  return timings;
}

const round = (n: number, digits = 1) => Number(n.toFixed(digits));

export async function benchTracking(
  options: TrackingBenchOptions = {},
): Promise<Record<string, number | string>> {
  const archiveMiB = options.archiveMiB ?? 256;
  [EMULATOR_PORT, APP_PORT, PROXY_PORT] = [await freePort(), await freePort(), await freePort()];
  APP = `http://127.0.0.1:${APP_PORT}`;
  const rounds = options.rounds ?? 3;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "thaw-bench-tracking-"));
  const children: ChildProcess[] = [];
  const browser = await chromium.launch({
    executablePath: ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p)),
    args: ["--headless", "--no-sandbox", "--disable-gpu"],
  });
  try {
    children.push(startEmulator(path.join(dir, "emulator")));
    await waitForHttp(`http://127.0.0.1:${EMULATOR_PORT}/`);
    const client = glacierClient();
    const size = archiveMiB * 1024 * 1024;
    const upload = await client.send(
      new UploadArchiveCommand({
        accountId: "-",
        vaultName: "documents",
        body: Buffer.alloc(size, 0x5a),
        archiveDescription: "bench archive",
      }),
    );
    const { jobId } = await client.send(
      new InitiateJobCommand({
        accountId: "-",
        vaultName: "documents",
        jobParameters: { Type: "archive-retrieval", ArchiveId: upload.archiveId, Tier: "Expedited" },
      }),
    );
    if (!jobId) throw new Error("no job id");

    const appDir = path.join(dir, "app");
    children.push(
      startApp(
        {
          THAW_DATA_DIR: appDir,
          THAW_SECRET_KEY: "0f".repeat(32),
          THAW_LOG_LEVEL: "warn",
          THAW_DEMO_ENDPOINT: `http://127.0.0.1:${EMULATOR_PORT}`,
          THAW_ADMIN_EMAIL: ADMIN.email,
          THAW_ADMIN_PASSWORD: ADMIN.password,
          THAW_COOKIE_SECURE: "false",
        },
        path.join(dir, "app.log"),
        options,
      ),
    );
    await waitForHttp(`${APP}/api/health`);
    seedJobs(path.join(appDir, "thaw.sqlite"), JOBS);

    const page = await browser.newPage();
    page.on("pageerror", (error) => console.error(`page error: ${error.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") console.error(`console: ${m.text()}`);
    });
    await signInIfAsked(page);
    await page.goto(`${APP}/jobs`);
    const timings = options.filter === false ? [] : await filterTimings(page);

    // Through Thaw: the job page imports the job (started outside Thaw), then the output route streams it.
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    await page.goto(`${APP}/jobs/${encodeURIComponent(jobId)}`);
    // The browser is not the client measured below; idle, it does not compete for the 2 cores.
    await page.goto("about:blank");
    const direct = async (hasher?: TreeHasher) => {
      const out = await client.send(
        new GetJobOutputCommand({ accountId: "-", vaultName: "documents", jobId }),
      );
      return drain(out.body as Readable, hasher);
    };
    const relay = startBareProxy({
      jobId,
      emulatorPort: EMULATOR_PORT,
      proxyPort: PROXY_PORT,
      root: ROOT,
      credentials: DEMO_KEY,
    });
    children.push(relay);
    await waitForHttp(`http://127.0.0.1:${PROXY_PORT}/health`);
    const [emulator, app] = children;
    const meters = processMeters({ emulator: emulator?.pid, app: app?.pid, "bare relay": relay.pid }, "app");
    const appIdleAfter = meters.app ? await waitForIdle(meters.app) : 0;
    const loadBefore = os.loadavg()[0] ?? 0;
    const allPaths: Record<string, Path> = {
      thaw: async () => drain(await httpGet(`${APP}/api/jobs/${encodeURIComponent(jobId)}/output`, cookie)),
      direct: () => direct(),
      directVerified: () => direct(new TreeHasher()),
      bareProxy: async () => drain(await httpGet(`http://127.0.0.1:${PROXY_PORT}/`, "")),
    };
    const chosen = Object.entries(allPaths).filter(([name]) => options.paths?.includes(name) ?? true);
    const { rates, cpuPerGB } = await alternate(Object.fromEntries(chosen), size, rounds, meters);
    client.destroy();
    const [thaw = NaN, plain = NaN, verified = NaN, bare = NaN] = [
      rates.thaw,
      rates.direct,
      rates.directVerified,
      rates.bareProxy,
    ];
    return {
      "tracking: archive size (MiB)": archiveMiB,
      "tracking: download rounds per path (median taken)": rounds,
      "tracking: seconds until the app was idle before downloads": round(appIdleAfter, 1),
      "tracking: load average (1 min) before downloads": round(loadBefore, 2),
      "tracking: load average (1 min) after downloads": round(os.loadavg()[0] ?? 0, 2),
      "tracking: download through Thaw, tree-hash verified (MB/s)": round(thaw),
      "tracking: download direct from the emulator, bytes only (MB/s)": round(plain),
      "tracking: through Thaw / direct (goal ≥ 0.8)": round(thaw / plain, 2),
      "tracking: download direct + client-side tree hash (MB/s)": round(verified),
      "tracking: through Thaw / direct with the same verification": round(thaw / verified, 2),
      "tracking: bare Node relay, no hashing (MB/s)": round(bare),
      "tracking: bare Node relay / direct (ceiling for any proxy here)": round(bare / plain, 2),
      "tracking: SHA-256 on one core (MB/s)": round(sha256Rate()),
      ...cpuFigures("tracking", cpuPerGB),
      ...(timings.length === 0
        ? {}
        : {
            "tracking: filter 10 000 jobs in Chromium, median (ms, goal < 100)": round(median(timings)),
            "tracking: filter 10 000 jobs in Chromium, worst (ms)": round(Math.max(...timings)),
          }),
    };
  } catch (error) {
    const log = path.join(dir, "app.log");
    if (fs.existsSync(log)) console.error(fs.readFileSync(log, "utf8").split("\n").slice(-40).join("\n"));
    throw error;
  } finally {
    await browser.close();
    for (const child of children) child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 500));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `[MiB] [--app dir] [--rounds n] [--no-filter] [--app-node-arg arg]… [--paths thaw,direct]` */
function cliOptions(args: string[]): TrackingBenchOptions {
  const options: TrackingBenchOptions = { appNodeArgs: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--app") options.standaloneDir = path.resolve(args[++i] ?? "");
    else if (arg === "--rounds") options.rounds = Number(args[++i]);
    else if (arg === "--no-filter") options.filter = false;
    else if (arg === "--app-node-arg") options.appNodeArgs?.push(args[++i] ?? "");
    else if (arg === "--paths") options.paths = (args[++i] ?? "").split(",");
    else options.archiveMiB = Number(arg);
  }
  return options;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  benchTracking(cliOptions(process.argv.slice(2))).then(
    (figures) => {
      for (const [name, value] of Object.entries(figures)) console.log(`${name}: ${value}`);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
