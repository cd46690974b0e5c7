import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { getConfig } from "@/lib/config";
import { dbOf, type DbOptions } from "@/lib/db";
import { type Role } from "./roles";

/**
 * Sessions: the browser holds a random 256-bit token; the database holds only its SHA-256, so a leaked
 * database or backup opens no session. Expiry is absolute (no silent extension beyond the configured
 * lifetime), and a session unused for THAW_SESSION_IDLE_HOURS ends sooner; disabling a user or
 * changing their role deletes their sessions.
 */

/** `now` and `idleMs` are for tests; by default the clock and THAW_SESSION_IDLE_HOURS. */
export type ResolveOptions = DbOptions & { now?: number; idleMs?: number };

/** last_seen_at is written at most this often per session: a page load is several requests. */
export const TOUCH_INTERVAL_MS = 60_000;

export type SessionUser = { id: string; email: string; name: string; role: Role };

function idleLimitMs(options: ResolveOptions): number {
  return options.idleMs ?? getConfig().auth.sessionIdleHours * 3_600_000;
}

export function sessionId(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export async function createSession(
  userId: string,
  lifetimeMs: number,
  address: string | null,
  options: DbOptions = {},
): Promise<{ token: string; expiresAt: Date }> {
  const db = await dbOf(options);
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

/** The signed-in user for a cookie token, or undefined (unknown, expired, idle too long, or user disabled). */
export async function resolveSession(
  token: string | undefined,
  options: ResolveOptions = {},
): Promise<SessionUser | undefined> {
  if (!token || !TOKEN_PATTERN.test(token)) return undefined;
  const db = await dbOf(options);
  const id = sessionId(token);
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "users.id",
      "users.email",
      "users.name",
      "users.role",
      "users.disabled",
      "sessions.expires_at",
      "sessions.last_seen_at",
    ])
    .where("sessions.id", "=", id)
    .executeTakeFirst();
  const now = options.now ?? Date.now();
  if (!row || row.disabled !== 0 || Date.parse(row.expires_at) <= now) return undefined;
  const idleFor = now - Date.parse(row.last_seen_at);
  const idleMs = idleLimitMs(options);
  if (idleFor >= idleMs) {
    await db.deleteFrom("sessions").where("id", "=", id).execute();
    return undefined;
  }
  // A short idle limit (minutes) must not be outrun by the throttle: touch at least 4 times per limit.
  if (idleFor >= Math.min(TOUCH_INTERVAL_MS, idleMs / 4)) {
    await db
      .updateTable("sessions")
      .set({ last_seen_at: new Date(now).toISOString() })
      .where("id", "=", id)
      .execute();
  }
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}

export async function deleteSession(token: string, options: DbOptions = {}): Promise<void> {
  if (!TOKEN_PATTERN.test(token)) return;
  const db = await dbOf(options);
  await db.deleteFrom("sessions").where("id", "=", sessionId(token)).execute();
}

export type UserActivity = { lastSeenAt: string; openSessions: number };

/** Per user with a live session (not expired, not idle): the latest activity and how many sessions. */
export async function liveSessionActivity(options: ResolveOptions = {}): Promise<Map<string, UserActivity>> {
  const db = await dbOf(options);
  const now = options.now ?? Date.now();
  const idleMs = idleLimitMs(options);
  const rows = await db
    .selectFrom("sessions")
    .select((eb) => [
      "user_id",
      eb.fn.max("last_seen_at").as("last_seen_at"),
      eb.fn.countAll().as("open_sessions"),
    ])
    .where("expires_at", ">", new Date(now).toISOString())
    .where("last_seen_at", ">", new Date(now - idleMs).toISOString())
    .groupBy("user_id")
    .execute();
  return new Map(
    rows.map((r) => [r.user_id, { lastSeenAt: r.last_seen_at, openSessions: Number(r.open_sessions) }]),
  );
}
