import { type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, openSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import {
  CreateVaultCommand,
  GlacierClient,
  type GlacierJobDescription,
  ListJobsCommand,
  UploadArchiveCommand,
} from "@aws-sdk/client-glacier";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { expect } from "@playwright/test";
import Database from "better-sqlite3";
import { treeHash } from "@/lib/glacier/tree-hash";
import { freePortsSync } from "./ports";
import { fastGlacierDescription } from "./tracking-helpers";

/**
 * A plans spec's own servers (an emulator and the built app on free ports, data under .tmp/<name>),
 * apart from the shared e2e server so a spec can kill and restart them, and the real clients that seed
 * and check them. `planServers` makes one such set; plans.spec.ts uses the default one below.
 */

export const BUCKET = "thaw-plans-e2e";
/** How many times faster than AWS the plans specs' emulator runs its jobs. */
const TIME_SCALE = 4000;

type Lib = {
  DEMO_ACCESS_KEY_ID: string;
  DEMO_SECRET_ACCESS_KEY: string;
  startEmulator(o: {
    port: number;
    dataDir: string;
    timeScale: number;
    extraArgs?: string[];
    stdio?: unknown;
  }): ChildProcess;
  startStandaloneApp(o: { port: number; env: Record<string, string>; stdio?: unknown }): ChildProcess;
  waitForPort(port: number, timeoutMs?: number): Promise<void>;
};

// scripts/lib.mjs is plain JavaScript shared with the launchers; a computed specifier keeps tsc out of it.
const LIB_URL = pathToFileURL(path.join(process.cwd(), "scripts", "lib.mjs")).href;
export const loadLib = async (): Promise<Lib> => (await import(LIB_URL)) as Lib;

const accounts = JSON.parse(readFileSync(path.join(process.cwd(), "e2e", "e2e-accounts.json"), "utf8")) as {
  admin: { email: string; password: string };
};
export const ADMIN = accounts.admin;

const credentials = (lib: Lib) => ({
  accessKeyId: lib.DEMO_ACCESS_KEY_ID,
  secretAccessKey: lib.DEMO_SECRET_ACCESS_KEY,
});

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port }, () => {
      socket.end();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

/**
 * Stops a child and waits for it to exit. The app gets SIGKILL (a crash: nothing tidies up). The
 * emulator runs under tsx, which relays SIGTERM to the real server but would leave it orphaned on SIGKILL.
 */
export async function stop(child: ChildProcess, signal: "SIGKILL" | "SIGTERM"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill(signal);
  await exited;
}

export type Seeded = { archiveId: string; size: number; treeHash: string };

/**
 * Checks a finished plan's manifest.csv: its header, `count` verified rows of seeded archives with their
 * size and tree hash, and each exported object's tree hash (`objectHash`). Returns the object keys.
 */
export function expectVerifiedManifest(
  csv: string,
  seeded: ReadonlyMap<string, Seeded>,
  count: number,
  objectHash: (objectKey: string) => string | undefined,
): string[] {
  const [header, ...rows] = csv.trim().split("\n");
  expect(header).toBe("archive_id,object_key,size,sha256_tree_hash,status,glacier_job_id,verified_at");
  expect(rows).toHaveLength(count);
  return rows.map((row) => {
    const [archiveId = "", objectKey = "", size = "", hash = "", status = ""] = row.split(",");
    const archive = seeded.get(archiveId);
    expect(archive, archiveId).toBeDefined();
    expect(status).toBe("verified");
    expect(Number(size)).toBe(archive?.size);
    expect(hash).toBe(archive?.treeHash);
    expect(objectHash(objectKey), objectKey).toBe(archive?.treeHash);
    return objectKey;
  });
}

/** `appEnv`: more of the app's environment (e.g. a copy's chunk budget), on every start. */
export type PlanServerSetup = { name: string; appEnv?: Record<string, string> };

/**
 * The ports are the OS's free ones, chosen when the spec module loads (its `test.use` needs the app's URL
 * then) and kept for the worker's life, so a restart reuses them.
 */
export function planServers({ name, appEnv = {} }: PlanServerSetup) {
  const [emulatorPort = 0, appPort = 0] = freePortsSync(2);
  const dir = path.join(process.cwd(), ".tmp", name);
  const appUrl = `http://127.0.0.1:${appPort}`;
  const endpoint = `http://127.0.0.1:${emulatorPort}`;

  /** Output goes to a log file in `dir` (appended across restarts), for reading after a failure. */
  const logTo = (file: string) => {
    const fd = openSync(path.join(dir, file), "a");
    return ["ignore", fd, fd];
  };

  const glacierClient = (lib: Lib) =>
    // Extra attempts: the emulator may still be writing its demo seed while the vault is filled.
    new GlacierClient({ endpoint, region: "us-east-1", credentials: credentials(lib), maxAttempts: 8 });

  const s3Client = (lib: Lib) =>
    new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials: credentials(lib) });

  /**
   * Time scale TIME_SCALE: a Standard job (3–5 h) completes in 3–5 s, slow enough to stop at the cap and
   * restart mid-run. `fresh` (the default) wipes the directory first; `false` restarts on the same data.
   */
  async function startEmulator(
    lib: Lib,
    { fresh = true, extraArgs = [] }: { fresh?: boolean; extraArgs?: string[] } = {},
  ): Promise<ChildProcess> {
    for (const port of fresh ? [emulatorPort, appPort] : [emulatorPort])
      if (await listening(port)) throw new Error(`Port ${port} is taken: stop the process left on it first`);
    if (fresh) rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const emulator = lib.startEmulator({
      port: emulatorPort,
      dataDir: path.join(dir, "emulator"),
      timeScale: TIME_SCALE,
      extraArgs: ["--s3-bucket", BUCKET, ...extraArgs],
      stdio: logTo("emulator.log"),
    });
    await lib.waitForPort(emulatorPort);
    return emulator;
  }

  /** The built app on `appPort` with the same data directory every time (a restart keeps the plan). */
  async function startApp(lib: Lib): Promise<ChildProcess> {
    const app = lib.startStandaloneApp({
      port: appPort,
      stdio: logTo("app.log"),
      env: {
        THAW_DATA_DIR: path.join(dir, "app"),
        THAW_SECRET_KEY: "1e".repeat(32),
        THAW_DEMO_ENDPOINT: endpoint,
        THAW_DEMO_ACCESS_KEY_ID: lib.DEMO_ACCESS_KEY_ID,
        THAW_DEMO_SECRET_ACCESS_KEY: lib.DEMO_SECRET_ACCESS_KEY,
        // Thaw tracks the demo connection's jobs at this emulator's pace, not AWS's 5–15 minutes
        // (lib/jobs/sync-pace.ts): without it the spec's inventory job stays "In progress".
        THAW_DEMO_TIME_SCALE: String(TIME_SCALE),
        THAW_ADMIN_EMAIL: ADMIN.email,
        THAW_ADMIN_PASSWORD: ADMIN.password,
        THAW_COOKIE_SECURE: "false",
        THAW_PLAN_TICK_MS: "500",
        // The plans are reached 40 archives at a time: the app writes their items as it goes.
        THAW_PLAN_SCHEDULE_BATCH: "40",
        ...appEnv,
      },
    });
    await lib.waitForPort(appPort);
    for (let i = 0; i < 100; i++) {
      const ok = await fetch(`${appUrl}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return app;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`The app on ${appUrl} did not become healthy`);
  }

  /** `count` archives of 1–64 KiB of random bytes; every third has a path-like (FastGlacier) description. */
  async function seedVault(lib: Lib, vaultName: string, count: number): Promise<Map<string, Seeded>> {
    const glacier = glacierClient(lib);
    await glacier.send(new CreateVaultCommand({ accountId: "-", vaultName }));
    const seeded = new Map<string, Seeded>();
    const upload = async (i: number) => {
      const body = randomBytes(1024 * (1 + ((i * 37) % 64)));
      const description =
        i % 3 === 0 ? fastGlacierDescription(`photos/${2000 + (i % 20)}/img-${i}.jpg`) : `archive ${i}`;
      const out = await glacier.send(
        new UploadArchiveCommand({ accountId: "-", vaultName, body, archiveDescription: description }),
      );
      if (!out.archiveId) throw new Error("UploadArchive returned no archive id");
      seeded.set(out.archiveId, { archiveId: out.archiveId, size: body.length, treeHash: treeHash(body) });
    };
    for (let i = 0; i < count; i += 8)
      await Promise.all(Array.from({ length: Math.min(8, count - i) }, (_, k) => upload(i + k)));
    return seeded;
  }

  /** Every archive-retrieval job the emulator lists for the vault. */
  async function archiveJobs(lib: Lib, vaultName: string): Promise<GlacierJobDescription[]> {
    const glacier = glacierClient(lib);
    const jobs: GlacierJobDescription[] = [];
    let marker: string | undefined;
    do {
      const page = await glacier.send(new ListJobsCommand({ accountId: "-", vaultName, marker }));
      jobs.push(...(page.JobList ?? []).filter((j) => j.Action === "ArchiveRetrieval"));
      marker = page.Marker ?? undefined;
    } while (marker);
    return jobs;
  }

  /** Key → SHA-256 tree hash of every object under `prefix`, read back through the S3 API. */
  async function objectHashes(lib: Lib, prefix: string): Promise<Map<string, string>> {
    const s3 = s3Client(lib);
    const hashes = new Map<string, string>();
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        if (!object.Key) continue;
        const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: object.Key }));
        hashes.set(object.Key, treeHash((await got.Body?.transformToByteArray()) ?? new Uint8Array()));
      }
      token = page.NextContinuationToken;
    } while (token);
    return hashes;
  }

  return {
    dir,
    appUrl,
    glacierClient,
    startEmulator,
    startApp,
    seedVault,
    archiveJobs,
    objectHashes,
    readPlan: (planId: string) => readPlanIn(path.join(dir, "app", "thaw.sqlite"), planId),
  };
}

/** plans.spec.ts's servers, data under .tmp/e2e-plans. */
const plans = planServers({ name: "e2e-plans" });
export const APP_URL = plans.appUrl;
export const { archiveJobs, objectHashes, readPlan, seedVault, startApp } = plans;
export const startEmulator = (lib: Lib) => plans.startEmulator(lib);

export type PlanRowState = {
  status: string;
  spent: number;
  cap: number;
  counts: Record<string, number>;
  attempts: Map<string, number>;
};

/** The plan as the app's own database holds it (read-only; the app keeps writing). */
function readPlanIn(file: string, planId: string): PlanRowState {
  const db = new Database(file, {
    readonly: true,
    fileMustExist: true,
  });
  try {
    const plan = db.prepare("select status, spent_usd, cap_usd from plans where id = ?").get(planId) as
      { status: string; spent_usd: number; cap_usd: number } | undefined;
    if (!plan) throw new Error(`No plan ${planId} in the database`);
    const items = db
      .prepare("select archive_id, status, attempts from plan_items where plan_id = ?")
      .all(planId) as {
      archive_id: string;
      status: string;
      attempts: number;
    }[];
    const counts: Record<string, number> = {};
    for (const item of items) counts[item.status] = (counts[item.status] ?? 0) + 1;
    return {
      status: plan.status,
      spent: plan.spent_usd,
      cap: plan.cap_usd,
      counts,
      attempts: new Map(items.map((i) => [i.archive_id, Number(i.attempts)])),
    };
  } finally {
    db.close();
  }
}
