import "server-only";
import { recordAudit } from "@/lib/audit";
import { getConfig } from "@/lib/config";
import { type DbOptions } from "@/lib/db";
import { verifyPassword } from "./password";
import {
  clearAccountFailures,
  DEFAULT_POLICY,
  type RateLimitPolicy,
  reserveSignInAttempt,
  withdrawAttempt,
} from "./rate-limit";
import { createSession, deleteSession, resolveSession, type SessionUser } from "./sessions";
import { findUserRowByEmail, recordSignIn } from "./users";

/**
 * Password sign-in. Every outcome is audited. The answer never says whether the account exists, is
 * disabled or SSO-only: all of those are "wrong email or password", after the same scrypt work.
 */

export type SignInOutcome =
  | { ok: true; user: SessionUser; token: string; expiresAt: Date }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate-limited"; retryAfterSeconds: number };

export type SignInOptions = DbOptions & { policy?: RateLimitPolicy; sessionHours?: number };

export async function signInWithPassword(
  credentials: { email: string; password: string },
  address: string | null,
  options: SignInOptions = {},
): Promise<SignInOutcome> {
  const db = options.db === undefined ? {} : { db: options.db };
  const policy = options.policy ?? DEFAULT_POLICY;
  const email = credentials.email.trim().slice(0, 254);
  const buckets = { account: email, address };
  const audit = (outcome: "success" | "failure" | "denied", user: SessionUser | null, reason?: string) =>
    recordAudit(
      {
        action: "auth.sign-in",
        outcome,
        actor: user && { id: user.id, email: user.email },
        target: email,
        address,
        details: { method: "password", ...(reason ? { reason } : {}) },
      },
      db,
    );

  // Counted as a failure before the password is checked, so parallel guesses see each other.
  const reservation = await reserveSignInAttempt(buckets, policy, db);
  if (!reservation.ok) {
    await audit("denied", null, "rate-limited");
    return { ok: false, reason: "rate-limited", retryAfterSeconds: reservation.retryAfterSeconds };
  }
  const row = await findUserRowByEmail(email, db);
  const passwordOk = await verifyPassword(credentials.password, row?.password_hash);
  if (!row || !passwordOk || row.disabled !== 0) {
    await audit(
      "failure",
      null,
      !row ? "unknown account" : !passwordOk ? "wrong password" : "account disabled",
    );
    return { ok: false, reason: "invalid" };
  }
  await withdrawAttempt(reservation.attemptIds, db);
  const user: SessionUser = { id: row.id, email: row.email, name: row.name, role: row.role };
  return startSession(user, address, "password", options);
}

/** A user's own sign-in or sign-out succeeded: the user is both actor and target. */
function auditUserSuccess(
  action: "auth.sign-in" | "auth.sign-out",
  user: SessionUser,
  address: string | null,
  db: DbOptions,
  details?: { method: "password" | "oidc" },
): Promise<void> {
  const actor = { id: user.id, email: user.email };
  return recordAudit({ action, outcome: "success", actor, target: user.email, address, details }, db);
}

/** After any successful authentication (password or SSO): a new session, the sign-in audited. */
export async function startSession(
  user: SessionUser,
  address: string | null,
  method: "password" | "oidc",
  options: SignInOptions = {},
): Promise<SignInOutcome & { ok: true }> {
  const db = options.db === undefined ? {} : { db: options.db };
  const hours = options.sessionHours ?? getConfig().auth.sessionHours;
  const { token, expiresAt } = await createSession(user.id, hours * 3_600_000, address, db);
  await clearAccountFailures(user.email, db);
  await recordSignIn(user.id, db);
  await auditUserSuccess("auth.sign-in", user, address, db, { method });
  return { ok: true, user, token, expiresAt };
}

export async function signOut(
  token: string | undefined,
  address: string | null,
  options: SignInOptions = {},
): Promise<void> {
  if (!token) return;
  const db = options.db === undefined ? {} : { db: options.db };
  const user = await resolveSession(token, db);
  await deleteSession(token, db);
  if (user) await auditUserSuccess("auth.sign-out", user, address, db);
}
