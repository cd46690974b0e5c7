import "server-only";
import path from "node:path";
import { z } from "zod";

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

const secretKeySchema = z
  .string()
  .transform((value, ctx) => {
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
  demo: { endpoint: string; accessKeyId: string; secretAccessKey: string; region: string } | undefined;
};

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
        }
      : undefined,
  };
}

let cached: ThawConfig | undefined;

export function getConfig(): ThawConfig {
  cached ??= parseConfig(process.env);
  return cached;
}
