import "server-only";
import { safeDecode } from "@/lib/glacier/text";

/** The database cannot be reached or opened. The message names where, never a password. */
export class DatabaseUnavailableError extends Error {
  constructor(
    readonly target: string,
    reason: string,
  ) {
    super(`Database unavailable: cannot connect to ${target}: ${reason}`);
    this.name = "DatabaseUnavailableError";
  }
}

/** A migration failed; the database is left at the last migration that succeeded. */
export class DatabaseMigrationError extends Error {
  constructor(
    readonly migration: string | undefined,
    reason: string,
  ) {
    super(`Database migration ${migration ?? "(setup)"} failed: ${reason}`);
    this.name = "DatabaseMigrationError";
  }
}

/** "PostgreSQL at host:port/db as user": what an admin needs to find the server, with no secret. */
export function describePostgresUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    const host = url.hostname || "localhost";
    const port = url.port || "5432";
    const database = safeDecode(url.pathname.replace(/^\//, "")) || "(default database)";
    const user = url.username ? ` as user ${safeDecode(url.username)}` : "";
    return `PostgreSQL at ${host}:${port}/${database}${user}`;
  } catch {
    return "PostgreSQL (DATABASE_URL is not a valid URL)";
  }
}

/** Removes the URL's password from any text, in case a driver ever echoes the connection string. */
export function redactPassword(text: string, databaseUrl: string): string {
  let password = "";
  try {
    password = new URL(databaseUrl).password;
  } catch {
    return text.split(databaseUrl).join("[redacted]");
  }
  if (!password) return text;
  return [password, safeDecode(password)].reduce((t, p) => t.split(p).join("[redacted]"), text);
}

export function errorMessage(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    // Node's happy-eyeballs connect reports one error per address with an empty outer message.
    return error.errors.map(errorMessage).join("; ");
  }
  if (error instanceof Error) return error.message || ("code" in error ? String(error.code) : error.name);
  return String(error);
}

export function errorCode(error: unknown): string | undefined {
  return errorField(error, "code");
}

function errorField(error: unknown, field: "code" | "constraint"): string | undefined {
  if (typeof error !== "object" || error === null || !(field in error)) return undefined;
  const value: unknown = (error as Record<string, unknown>)[field];
  return typeof value === "string" ? value : undefined;
}

/**
 * Whether `error` is a unique-constraint violation of the named index. PostgreSQL reports the index
 * name; SQLite reports only "table.column", so both are given.
 */
export function isUniqueViolation(error: unknown, index: { name: string; sqliteColumns: string }): boolean {
  const code = errorField(error, "code");
  if (code === "23505") return errorField(error, "constraint") === index.name;
  if (code === "SQLITE_CONSTRAINT_UNIQUE" && error instanceof Error) {
    return error.message.includes(index.sqliteColumns) || error.message.includes(`index '${index.name}'`);
  }
  return false;
}
