import { S3_LIMITS, type S3Limits } from "../lib/glacier/s3-part-size";
import { bucketNameProblem } from "../lib/glacier/s3-rules";
import { type FaultInjectionOptions, isFaultCode } from "./faults";

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
  /** S3 buckets (select output) created at start if missing; the demo seed adds `thaw-results`. */
  s3Buckets?: readonly string[];
  /** Shared Expedited capacity: retrievals accepted per 5 (simulated) minutes beyond provisioned units. */
  expeditedCapacity?: number;
  /** Jobs whose Description matches this regular expression fail on completion (failure-path testing). */
  failJobsMatching?: string;
  /** SNS delivery: topic ARN → HTTP endpoint that receives that topic's messages. */
  snsEndpoints?: Readonly<Record<string, string>>;
  /** SNS SignatureVersion of delivered messages: "1" (SHA1withRSA, the SNS default) or "2" (SHA256withRSA). */
  snsSignatureVersion?: "1" | "2";
  /**
   * Completed jobs stay available for 24 h divided by the time scale, but never less than this many
   * real seconds, so a huge time scale still leaves time to download the output.
   */
  minRetentionSeconds?: number;
  /**
   * Test only, never on by default: lets `RunningEmulator.faults` make the next calls of an operation
   * fail with a Glacier error (`armed` fails them from the first request on; CLI `--inject-fault`).
   */
  faultInjection?: FaultInjectionOptions;
  /**
   * S3's multipart limits (10 000 parts, 5 MiB–5 GiB parts, 5 TiB objects), each lowerable so a test
   * reaches it with small data (CLI `--s3-max-parts` etc.). Unset ones keep AWS's values.
   */
  s3Limits?: Partial<S3Limits>;
  /**
   * Test only: the size at which a Select job's result part is closed and the next begins (256 MiB by
   * default; AWS does not document its own), lowerable so a test gets many parts from a small archive
   * (CLI `--select-result-part-bytes`).
   */
  selectResultPartBytes?: number;
}

type Plain = Omit<EmulatorOptions, "seed" | "failJobsMatching" | "faultInjection" | "s3Limits">;

export type ResolvedOptions = Required<Plain> & {
  seed: "demo" | undefined;
  failJobsMatching: RegExp | undefined;
  faultInjection: FaultInjectionOptions | undefined;
  s3Limits: Readonly<S3Limits>;
};

export const DEFAULTS = {
  host: "127.0.0.1",
  port: 9090,
  dataDir: ".data/emulator",
  accountId: "123456789012",
  accessKeyId: "AKIDTHAWDEMO00000000",
  secretAccessKey: "thaw-demo-secret-access-key",
  timeScale: 1,
  region: "us-east-1",
  /** "Generous": Expedited jobs rarely hit it unless a test lowers it on purpose. */
  expeditedCapacity: 1000,
  snsSignatureVersion: "1",
  minRetentionSeconds: 600,
  selectResultPartBytes: 256 * 1024 * 1024,
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
    s3Buckets: options.s3Buckets ?? [],
    expeditedCapacity: options.expeditedCapacity ?? DEFAULTS.expeditedCapacity,
    failJobsMatching: compilePattern(options.failJobsMatching),
    snsEndpoints: options.snsEndpoints ?? {},
    snsSignatureVersion: options.snsSignatureVersion ?? DEFAULTS.snsSignatureVersion,
    minRetentionSeconds: options.minRetentionSeconds ?? DEFAULTS.minRetentionSeconds,
    selectResultPartBytes: options.selectResultPartBytes ?? DEFAULTS.selectResultPartBytes,
    faultInjection: options.faultInjection,
    s3Limits: { ...S3_LIMITS, ...definedOnly(options.s3Limits ?? {}) },
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
  checkJobOptions(resolved);
  checkS3Limits(resolved.s3Limits);
  return resolved;
}

function definedOnly(limits: Partial<S3Limits>): Partial<S3Limits> {
  return Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined));
}

function checkS3Limits(limits: Readonly<S3Limits>): void {
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1)
      throw new OptionsError(`S3 limit ${name} must be a whole number ≥ 1, got ${value}`);
  }
  if (limits.minPartSize > limits.maxPartSize) {
    throw new OptionsError(
      `S3 limit minPartSize (${limits.minPartSize}) must not be above maxPartSize (${limits.maxPartSize})`,
    );
  }
}

function compilePattern(source: string | undefined): RegExp | undefined {
  if (source === undefined) return undefined;
  try {
    return new RegExp(source);
  } catch (err) {
    throw new OptionsError(`fail-jobs-matching is not a valid regular expression: ${String(err)}`);
  }
}

function checkJobOptions(resolved: ResolvedOptions): void {
  if (!Number.isSafeInteger(resolved.selectResultPartBytes) || resolved.selectResultPartBytes < 1) {
    throw new OptionsError(
      `select result part size must be a whole number of bytes ≥ 1, got ${resolved.selectResultPartBytes}`,
    );
  }
  if (!Number.isInteger(resolved.expeditedCapacity) || resolved.expeditedCapacity < 0) {
    throw new OptionsError(
      `expedited capacity must be a whole number ≥ 0, got ${resolved.expeditedCapacity}`,
    );
  }
  if (!(resolved.minRetentionSeconds >= 0) || !Number.isFinite(resolved.minRetentionSeconds)) {
    throw new OptionsError(
      `minimum retention must be a number of seconds ≥ 0, got ${resolved.minRetentionSeconds}`,
    );
  }
  if (resolved.snsSignatureVersion !== "1" && resolved.snsSignatureVersion !== "2") {
    throw new OptionsError(
      `SNS signature version must be 1 or 2, got ${String(resolved.snsSignatureVersion)}`,
    );
  }
  for (const fault of resolved.faultInjection?.armed ?? []) {
    const count = fault.count ?? 1;
    if (!isFaultCode(fault.code))
      throw new OptionsError(`inject-fault: unknown error code '${String(fault.code)}'`);
    if (!Number.isInteger(count) || count < 1) {
      throw new OptionsError(`inject-fault: count must be a whole number ≥ 1, got ${count}`);
    }
  }
  for (const bucket of resolved.s3Buckets) {
    const problem = bucketNameProblem(bucket);
    if (problem !== null)
      throw new OptionsError(`S3 bucket name '${bucket}' is invalid: a bucket name ${problem}`);
  }
  for (const [topic, url] of Object.entries(resolved.snsEndpoints)) {
    if (!/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]+$/.test(topic)) {
      throw new OptionsError(`SNS endpoint topic is not an SNS topic ARN: '${topic}'`);
    }
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
      throw new OptionsError(`SNS endpoint for ${topic} must be an http(s) URL, got '${url}'`);
    }
  }
}
