import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { GlacierClient } from "@aws-sdk/client-glacier";
import { DEFAULTS, type EmulatorOptions } from "../options";
import { type EmulatorModule } from "../module";
import { EMULATOR_MODULES, type RunningEmulator, startEmulator } from "../server";

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export const DEMO_CREDENTIALS: Credentials = {
  accessKeyId: DEFAULTS.accessKeyId,
  secretAccessKey: DEFAULTS.secretAccessKey,
};

export interface TestEmulator {
  emulator: RunningEmulator;
  client: GlacierClient;
  dataDir: string;
  /** Restarts the server on the same data directory (persistence tests). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export function makeClient(
  url: string,
  credentials: Credentials = DEMO_CREDENTIALS,
  region = "us-east-1",
): GlacierClient {
  // One attempt: the tests assert on the first answer, and retries would only slow failures down.
  return new GlacierClient({ endpoint: url, region, credentials, maxAttempts: 1 });
}

/** Starts an emulator on a random port with a fresh temp data directory. */
export async function startTestEmulator(
  options: Partial<EmulatorOptions> = {},
  modules: readonly EmulatorModule[] = EMULATOR_MODULES,
): Promise<TestEmulator> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), "thaw-emulator-"));
  const start = () => startEmulator({ port: 0, log: () => undefined, ...options, dataDir }, modules);
  const state = { emulator: await start() };
  const harness: TestEmulator = {
    emulator: state.emulator,
    client: makeClient(state.emulator.url),
    dataDir,
    async restart() {
      harness.client.destroy();
      await harness.emulator.close();
      harness.emulator = await start();
      harness.client = makeClient(harness.emulator.url);
    },
    async stop() {
      harness.client.destroy();
      await harness.emulator.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Runs `run` on an emulator of its own (started with `options`) and stops it afterwards, whatever happens. */
export async function withTestEmulator<T>(
  options: Partial<EmulatorOptions>,
  run: (t: TestEmulator) => Promise<T>,
): Promise<T> {
  const t = await startTestEmulator(options);
  try {
    return await run(t);
  } finally {
    await t.stop();
  }
}

/** Deterministic test payload of `size` bytes. */
export function payload(size: number, seed = 1): Buffer {
  const out = Buffer.allocUnsafe(size);
  let x = seed * 2654435761;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** Files currently under `<dataDir>/<sub>`, recursively (to prove nothing was persisted). */
export function filesUnder(dataDir: string, sub: string): string[] {
  const root = path.join(dataDir, sub);
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

export function archiveFile(dataDir: string, archiveId: string): string {
  return path.join(dataDir, "archives", archiveId.slice(0, 2), archiveId);
}
