import "server-only";
import { randomUUID } from "node:crypto";
import { dbOf, type DbOptions } from "@/lib/db";
import { log } from "@/lib/log";
import { type AuditAction, type AuditOutcome } from "./actions";

/** Who acted; `id` is null where only the email travelled (e.g. a job's `submitted_by`). */
export type AuditActor = { id: string | null; email: string } | null;

export type AuditEntry = {
  action: AuditAction;
  outcome: AuditOutcome;
  actor: AuditActor;
  connectionId?: string | null | undefined;
  /** What was acted on: a job id, a user's email, a vault… */
  target?: string | null | undefined;
  details?: Record<string, unknown> | undefined;
  address?: string | null | undefined;
};

// Keys whose values never enter the audit log, at any depth (the log is exported as CSV).
const SECRET_KEY = /secret|password|token|credential|authorization|cookie|sealed/i;
const MAX_DETAILS = 16_000;

/** A JSON-safe copy of `value` with secret-looking keys dropped and long strings cut. */
export function scrubDetails(value: unknown, depth = 0): unknown {
  if (depth > 6) return "[nested]";
  if (typeof value === "string") return value.length > 2000 ? `${value.slice(0, 2000)}…` : value;
  if (typeof value === "number" || typeof value === "boolean" || value === null) return value;
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => scrubDetails(v, depth + 1));
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (SECRET_KEY.test(key) || v === undefined) continue;
      out[key] = scrubDetails(v, depth + 1);
    }
    return out;
  }
  return undefined;
}

function detailsJson(details: Record<string, unknown> | undefined): string {
  const text = JSON.stringify(scrubDetails(details ?? {}) ?? {});
  return text.length > MAX_DETAILS ? JSON.stringify({ truncated: true }) : text;
}

let lastMs = 0;
let sequence = 0;

/**
 * Ids sort in the order this process wrote the entries (time, then a counter), so entries written in
 * the same millisecond still list newest first; the random tail keeps replicas from colliding.
 */
export function auditId(now = Date.now()): string {
  sequence = now === lastMs ? sequence + 1 : 0;
  lastMs = now;
  return `${now.toString(16).padStart(12, "0")}-${sequence.toString(16).padStart(6, "0")}-${randomUUID().slice(0, 8)}`;
}

/**
 * Appends one entry. Inside a caller's transaction (`options.db`), the entry rolls back with the change
 * it records. Audit rows are never updated or deleted (the database refuses both).
 */
export async function recordAudit(entry: AuditEntry, options: DbOptions = {}): Promise<void> {
  const db = await dbOf(options);
  const now = Date.now();
  await db
    .insertInto("audit_log")
    .values({
      id: auditId(now),
      occurred_at: new Date(now).toISOString(),
      actor_id: entry.actor?.id ?? null,
      actor_email: entry.actor?.email ?? null,
      action: entry.action,
      outcome: entry.outcome,
      connection_id: entry.connectionId ?? null,
      target: entry.target ? entry.target.slice(0, 1024) : null,
      details: detailsJson(entry.details),
      address: entry.address ?? null,
    })
    .execute();
}

/**
 * For side paths (a download, a sign-out) where failing the user's request over a lost audit row
 * would be worse: the failure is logged loudly instead.
 */
export async function recordAuditSafely(entry: AuditEntry, options: DbOptions = {}): Promise<void> {
  try {
    await recordAudit(entry, options);
  } catch (error) {
    log().error(
      { action: entry.action, err: error instanceof Error ? error.message : String(error) },
      "audit entry could not be written",
    );
  }
}
