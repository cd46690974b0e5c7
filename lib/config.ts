import "server-only";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import {
  applyPricingOverride,
  DEFAULT_PRICING,
  type PricingTable,
  pricingOverrideSchema,
} from "./glacier/pricing";
import { isValidSnsTopicArn } from "./glacier/sns";

/**
 * The one place that reads the environment. Every other module asks `getConfig()`.
 * A bad value throws a ConfigError naming the variable, which stops the server at start
 * (instrumentation.ts calls getConfig() in register()).
 */

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration: ${variable}: ${message}`);
    this.name = "ConfigError";
  }
}

const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const secretKeySchema = z.string().transform((value, ctx) => {
  const key = decodeKey(value);
  if (!key) {
    ctx.addIssue({ code: "custom", message: "must be 32 bytes as 64 hex characters or base64" });
    return z.NEVER;
  }
  return key;
});

function decodeKey(value: string): Buffer | undefined {
  const trimmed = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, "hex");
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) {
    const buf = Buffer.from(trimmed.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (buf.length === 32) return buf;
  }
  return undefined;
}

/** A `separator`-separated list in one variable, items trimmed and empty ones dropped. */
function listOf(separator: string) {
  return z.string().transform((value) =>
    value
      .split(separator)
      .map((item) => item.trim())
      .filter(Boolean),
  );
}

/** Each entry: variable name → schema. The README's configuration table mirrors this list. */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  THAW_DATA_DIR: z.string().min(1).default(".data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  THAW_SECRET_KEY: secretKeySchema.optional(),
  THAW_SECRET_KEY_PREVIOUS: secretKeySchema.optional(),
  THAW_LOG_LEVEL: z.enum(logLevels).default("info"),
  THAW_DEMO_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  THAW_DEMO_ACCESS_KEY_ID: z.string().min(1).default("AKIDTHAWDEMO00000000"),
  THAW_DEMO_SECRET_ACCESS_KEY: z.string().min(1).default("thaw-demo-secret-access-key"),
  THAW_DEMO_REGION: z.string().min(1).default("us-east-1"),
  /** How much faster than AWS the demo's emulator runs (its --time-scale); paces tracking of that connection. */
  THAW_DEMO_TIME_SCALE: z.coerce.number().positive().finite().default(1),
  THAW_PRICING_FILE: z.string().min(1).optional(),
  THAW_ADMIN_EMAIL: z.email().optional(),
  THAW_ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").max(1024).optional(),
  THAW_SESSION_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  THAW_SESSION_IDLE_HOURS: z.coerce.number().positive().max(720).default(2),
  THAW_COOKIE_SECURE: z.enum(["auto", "true", "false"]).default("auto"),
  THAW_TRUST_PROXY: z.enum(["0", "1"]).default("0"),
  THAW_OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  THAW_OIDC_CLIENT_ID: z.string().min(1).optional(),
  THAW_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  THAW_OIDC_REDIRECT_URL: z.url({ protocol: /^https?$/ }).optional(),
  THAW_OIDC_DEFAULT_ROLE: z.enum(["viewer", "operator", "admin"]).default("viewer"),
  THAW_SNS_LOCAL_CERT_URL: z.url({ protocol: /^https?$/ }).optional(),
  THAW_SNS_TOPIC_ARNS: listOf(",")
    .refine((arns) => arns.every(isValidSnsTopicArn), "must be comma-separated SNS topic ARNs")
    .optional(),
  THAW_EXPORT_DIRS: listOf(":")
    .refine(
      (dirs) => dirs.length > 0 && dirs.every((dir) => path.isAbsolute(dir)),
      "must be colon-separated absolute paths",
    )
    .optional(),
  THAW_PLAN_TICK_MS: z.coerce.number().int().min(100).max(600_000).default(2000),
  THAW_PLAN_COPY_BUDGET_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  THAW_PLAN_CHUNK_MIB: z.coerce
    .number()
    .int()
    .refine((n) => n >= 1 && n <= 4096 && (n & (n - 1)) === 0, "must be a power of two from 1 to 4096")
    .default(8),
  THAW_PLAN_READ_BACK: z.enum(["0", "1"]).default("0"),
  THAW_PLAN_INITIATIONS_PER_SECOND: z.coerce.number().int().min(1).max(1000).default(10),
  THAW_PLAN_COPIES_AT_ONCE: z.coerce.number().int().min(1).max(64).default(4),
  THAW_PLAN_SCHEDULE_BATCH: z.coerce.number().int().min(1).max(10_000).default(1000),
  THAW_WORKER: z
    .enum(["in-process", "external"], {
      error: 'must be "in-process" (this process runs tasks) or "external" (a cron calls the drain route)',
    })
    .default("in-process"),
  THAW_TASK_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  CRON_SECRET: z
    .string()
    .min(16, "must be at least 16 characters (Vercel sends it as a bearer token)")
    .optional(),
});

export type ThawConfig = {
  nodeEnv: "development" | "production" | "test";
  dataDir: string;
  databaseUrl: string | undefined;
  /** AES-256 key for secrets at rest; undefined means secrets cannot be stored. */
  secretKey: Buffer | undefined;
  /** The key being rotated out: still decrypts, never encrypts. */
  previousSecretKey: Buffer | undefined;
  logLevel: (typeof logLevels)[number];
  /** When set, start-up ensures a ready "Local Glacier" connection to this embedded server. */
  demo:
    | { endpoint: string; accessKeyId: string; secretAccessKey: string; region: string; timeScale: number }
    | undefined;
  /** Retrieval prices and windows for estimates: the built-in table, or it with THAW_PRICING_FILE's figures. */
  pricing: PricingTable;
  auth: AuthConfig;
  sns: SnsConfig;
  plans: PlansConfig;
  tasks: TasksConfig;
};

export type TasksConfig = {
  /** "in-process": this process runs the task workers; "external": only the drain route does (Vercel cron). */
  worker: "in-process" | "external";
  /** Tasks one process runs at once. */
  concurrency: number;
  /** The bearer token the drain route requires; unset, the route refuses every call. */
  drainSecret: string | undefined;
};

export type PlansConfig = {
  /** Directories a plan may write into (a plan's directory must lie under one); default <dataDir>/exports. */
  exportDirs: string[];
  /** How often the plan worker takes a step. */
  tickMs: number;
  /** Copying time a step spends before it leaves the rest to the next (each copy ends its chunk). */
  copyBudgetMs: number;
  /** The smallest chunk of a copy, in MiB (a directory's; S3 parts are never below 8 MiB). */
  chunkMiB: number;
  /** Read each copy back from its destination before it counts as verified (a second transfer). */
  readBack: boolean;
  /** InitiateJob calls per second at most, per plan. */
  initiationsPerSecond: number;
  /** Copies of one plan at once. */
  copiesAtOnce: number;
  /** Items written to plan_items at a time as a plan reaches them (lib/plans/schedule-items.ts). */
  scheduleBatch: number;
};

export type OidcConfig = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUrl: string;
  defaultRole: "viewer" | "operator" | "admin";
};

export type AuthConfig = {
  /** The first admin, created at start when no user exists yet. */
  initialAdmin: { email: string; password: string } | undefined;
  sessionHours: number;
  /** A session unused this long ends, whatever its absolute expiry (fractions allowed: 0.5 = 30 min). */
  sessionIdleHours: number;
  /** Secure cookies: on in production unless THAW_COOKIE_SECURE says otherwise. */
  secureCookies: boolean;
  /** Take the client address from X-Forwarded-For (only behind a proxy that sets it). */
  trustProxy: boolean;
  oidc: OidcConfig | undefined;
};

export type SnsConfig = {
  /** URL prefix of the embedded server's signing certificates (trusted in addition to AWS's hosts). */
  localCertUrl: string | undefined;
  /** Topics always allowed, in addition to those saved on the settings page. */
  topicArns: string[];
};

type ParsedEnv = z.output<typeof envSchema>;

/** Both or neither: a half-configured admin or OIDC client is a mistake worth stopping for. */
function authConfig(e: ParsedEnv): AuthConfig {
  if (Boolean(e.THAW_ADMIN_EMAIL) !== Boolean(e.THAW_ADMIN_PASSWORD)) {
    throw new ConfigError(
      e.THAW_ADMIN_EMAIL ? "THAW_ADMIN_PASSWORD" : "THAW_ADMIN_EMAIL",
      "set THAW_ADMIN_EMAIL and THAW_ADMIN_PASSWORD together",
    );
  }
  const oidcVars = {
    THAW_OIDC_ISSUER: e.THAW_OIDC_ISSUER,
    THAW_OIDC_CLIENT_ID: e.THAW_OIDC_CLIENT_ID,
    THAW_OIDC_CLIENT_SECRET: e.THAW_OIDC_CLIENT_SECRET,
    THAW_OIDC_REDIRECT_URL: e.THAW_OIDC_REDIRECT_URL,
  };
  const missing = Object.entries(oidcVars)
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (missing.length > 0 && missing.length < 4) {
    throw new ConfigError(
      missing[0] ?? "THAW_OIDC_ISSUER",
      "OIDC sign-in needs THAW_OIDC_ISSUER, _CLIENT_ID, _CLIENT_SECRET and _REDIRECT_URL",
    );
  }
  const oidc =
    e.THAW_OIDC_ISSUER && e.THAW_OIDC_CLIENT_ID && e.THAW_OIDC_CLIENT_SECRET && e.THAW_OIDC_REDIRECT_URL
      ? {
          issuer: e.THAW_OIDC_ISSUER,
          clientId: e.THAW_OIDC_CLIENT_ID,
          clientSecret: e.THAW_OIDC_CLIENT_SECRET,
          redirectUrl: e.THAW_OIDC_REDIRECT_URL,
          defaultRole: e.THAW_OIDC_DEFAULT_ROLE,
        }
      : undefined;
  return {
    initialAdmin:
      e.THAW_ADMIN_EMAIL && e.THAW_ADMIN_PASSWORD
        ? { email: e.THAW_ADMIN_EMAIL, password: e.THAW_ADMIN_PASSWORD }
        : undefined,
    sessionHours: e.THAW_SESSION_HOURS,
    sessionIdleHours: e.THAW_SESSION_IDLE_HOURS,
    secureCookies:
      e.THAW_COOKIE_SECURE === "auto" ? e.NODE_ENV === "production" : e.THAW_COOKIE_SECURE === "true",
    trustProxy: e.THAW_TRUST_PROXY === "1",
    oidc,
  };
}

/** Reads and validates the pricing override; any problem names THAW_PRICING_FILE and stops the start. */
function loadPricing(file: string | undefined): PricingTable {
  if (!file) return DEFAULT_PRICING;
  const fail = (message: string): never => {
    throw new ConfigError("THAW_PRICING_FILE", `${file}: ${message}`);
  };
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(/*turbopackIgnore: true*/ path.resolve(file), "utf8"));
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  const parsed = pricingOverrideSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(`${issue?.path.join(".") || "(file)"}: ${issue?.message ?? "invalid value"}`);
  }
  return applyPricingOverride(parsed.data);
}

export function parseConfig(env: Record<string, string | undefined>): ThawConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = String(issue?.path[0] ?? "environment");
    throw new ConfigError(variable, issue?.message ?? "invalid value");
  }
  const e = result.data;
  return {
    nodeEnv: e.NODE_ENV,
    dataDir: path.resolve(e.THAW_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    secretKey: e.THAW_SECRET_KEY,
    previousSecretKey: e.THAW_SECRET_KEY_PREVIOUS,
    logLevel: e.THAW_LOG_LEVEL,
    demo: e.THAW_DEMO_ENDPOINT
      ? {
          endpoint: e.THAW_DEMO_ENDPOINT,
          accessKeyId: e.THAW_DEMO_ACCESS_KEY_ID,
          secretAccessKey: e.THAW_DEMO_SECRET_ACCESS_KEY,
          region: e.THAW_DEMO_REGION,
          timeScale: e.THAW_DEMO_TIME_SCALE,
        }
      : undefined,
    pricing: loadPricing(e.THAW_PRICING_FILE),
    auth: authConfig(e),
    sns: {
      localCertUrl: e.THAW_SNS_LOCAL_CERT_URL,
      topicArns: e.THAW_SNS_TOPIC_ARNS ?? [],
    },
    plans: {
      exportDirs: (e.THAW_EXPORT_DIRS ?? [path.join(e.THAW_DATA_DIR, "exports")]).map((dir) =>
        path.resolve(dir),
      ),
      tickMs: e.THAW_PLAN_TICK_MS,
      copyBudgetMs: e.THAW_PLAN_COPY_BUDGET_MS,
      chunkMiB: e.THAW_PLAN_CHUNK_MIB,
      readBack: e.THAW_PLAN_READ_BACK === "1",
      initiationsPerSecond: e.THAW_PLAN_INITIATIONS_PER_SECOND,
      copiesAtOnce: e.THAW_PLAN_COPIES_AT_ONCE,
      scheduleBatch: e.THAW_PLAN_SCHEDULE_BATCH,
    },
    tasks: { worker: e.THAW_WORKER, concurrency: e.THAW_TASK_CONCURRENCY, drainSecret: e.CRON_SECRET },
  };
}

let cached: ThawConfig | undefined;

export function getConfig(): ThawConfig {
  cached ??= parseConfig(process.env);
  return cached;
}
