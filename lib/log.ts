import "server-only";
import pino from "pino";
import { getConfig } from "./config";

/**
 * Structured JSON logs on stdout. Credentials are redacted by key wherever they appear in a logged
 * object, so a careless `log.info({ connection })` cannot leak a secret.
 */
export const redactedKeys = [
  "secretAccessKey",
  "SecretAccessKey",
  "sessionToken",
  "SessionToken",
  "password",
  "secret",
  "secretCiphertext",
  "secret_ciphertext",
  "authorization",
  "Authorization",
  "cookie",
];

function createLogger() {
  return pino({
    level: getConfig().logLevel,
    base: { app: "thaw" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [...redactedKeys, ...redactedKeys.map((k) => `*.${k}`), ...redactedKeys.map((k) => `*.*.${k}`)],
      censor: "[redacted]",
    },
  });
}

let logger: pino.Logger | undefined;

export function log(): pino.Logger {
  logger ??= createLogger();
  return logger;
}
