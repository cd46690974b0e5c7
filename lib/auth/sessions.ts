import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { type Kysely } from "kysely";
import { type Database, getDatabase } from "@/lib/db";
import { type Role } from "./roles";

/**
 * Sessions: the browser holds a random 256-bit token; the database holds only its SHA-256, so a leaked
 * database or backup opens no session. Expiry is absolute (no silent extension beyond the configured
 * lifetime); disabling a user or changing their role deletes their sessions.
 */

export type RepositoryOptions = { db?: Kysely<Database> };

export type SessionUser = { id: string; email: string; name: string; role: Role };

async function databaseOf(options: RepositoryOptions): Promise<Kysely<Database>> {
  return options.db ?? (await getDatabase()).db;
}

export function sessionId(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export async function createSession(
  userId: string,
  lifetimeMs: number,
  address: string | null,
  options: RepositoryOptions = {},
): Promise<{ token: string; expiresAt: Date }> {
  const db = await databaseOf(options);
  const token = randomBytes(32).toString("base64url");
  const now = new Date();
  const expiresAt = new Date(now.getTime() + lifetimeMs);
  await db
    .insertInto("sessions")
    .values({
      id: sessionId(token),
      user_id: userId,
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
      last_seen_at: now.toISOString(),
      address,
    })
    .execute();
  // Expired rows are removed here, on a path that runs rarely, rather than on every request.
  await db.deleteFrom("sessions").where("expires_at", "<", now.toISOString()).execute();
  return { token, expiresAt };
}

/** The signed-in user for a cookie token, or undefined (unknown, expired, or user disabled). */
export async function resolveSession(token: string | undefined, options: RepositoryOptions = {}): Promise<SessionUser | undefined> {
  if (!token || !TOKEN_PATTERN.test(token)) return undefined;
  const db = await databaseOf(options);
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select(["users.id", "users.email", "users.name", "users.role", "users.disabled", "sessions.expires_at"])
    .where("sessions.id", "=", sessionId(token))
    .executeTakeFirst();
  if (!row || row.disabled !== 0 || Date.parse(row.expires_at) <= Date.now()) return undefined;
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}

export async function deleteSession(token: string, options: RepositoryOptions = {}): Promise<void> {
  if (!TOKEN_PATTERN.test(token)) return;
  const db = await databaseOf(options);
  await db.deleteFrom("sessions").where("id", "=", sessionId(token)).execute();
}
