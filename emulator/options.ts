/** Options shared by the CLI (main.ts) and the in-process API (startEmulator). */
export interface EmulatorOptions {
  dataDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Speeds up simulated job completion (used by the jobs module): 60 makes an hour pass in a minute. */
  timeScale?: number;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** false accepts unsigned requests (signatures are not checked). */
  auth?: boolean;
  accountId?: string;
  seed?: "demo";
  /** Where diagnostic lines go; defaults to stderr. Tests pass a no-op. */
  log?: (line: string) => void;
}

export type ResolvedOptions = Required<Omit<EmulatorOptions, "seed">> & { seed: "demo" | undefined };

export const DEFAULTS = {
  host: "127.0.0.1",
  port: 9090,
  dataDir: ".data/emulator",
  accountId: "123456789012",
  accessKeyId: "AKIDTHAWDEMO00000000",
  secretAccessKey: "thaw-demo-secret-access-key",
  timeScale: 1,
  region: "us-east-1",
} as const;

export class OptionsError extends Error {}

export function resolveOptions(options: EmulatorOptions): ResolvedOptions {
  const resolved: ResolvedOptions = {
    dataDir: options.dataDir,
    host: options.host ?? DEFAULTS.host,
    port: options.port ?? DEFAULTS.port,
    timeScale: options.timeScale ?? DEFAULTS.timeScale,
    accessKeyId: options.accessKeyId ?? DEFAULTS.accessKeyId,
    secretAccessKey: options.secretAccessKey ?? DEFAULTS.secretAccessKey,
    auth: options.auth ?? true,
    accountId: options.accountId ?? DEFAULTS.accountId,
    seed: options.seed,
    log: options.log ?? ((line) => process.stderr.write(`${line}\n`)),
  };
  if (resolved.dataDir.trim() === "") throw new OptionsError("data directory must not be empty");
  if (!Number.isInteger(resolved.port) || resolved.port < 0 || resolved.port > 65535) {
    throw new OptionsError(`port must be an integer from 0 to 65535, got ${resolved.port}`);
  }
  if (!(resolved.timeScale > 0) || !Number.isFinite(resolved.timeScale)) {
    throw new OptionsError(`time scale must be a positive number, got ${resolved.timeScale}`);
  }
  if (!/^\d{12}$/.test(resolved.accountId)) {
    throw new OptionsError(`account id must be 12 digits, got '${resolved.accountId}'`);
  }
  if (resolved.accessKeyId === "" || resolved.secretAccessKey === "") {
    throw new OptionsError("access key id and secret access key must not be empty");
  }
  return resolved;
}
