import "server-only";
import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { type Database, dbOf, type DbOptions } from "@/lib/db";
import { inTransaction, supportsRowLocks } from "@/lib/db/transaction";

/**
 * Failed sign-ins counted in the database (so every replica sees them) in a sliding window, per
 * account and per client address. Past the limit, sign-in is refused without checking the password,
 * even a right one, until the window has moved on.
 *
 * An attempt is recorded as a failure *before* its password is checked (reserveSignInAttempt) and
 * withdrawn on success, so parallel guesses cannot all slip past one count taken before any of them
 * finished: each one counts the attempts already in flight.
 */

export type RateLimitPolicy = { windowMs: number; perAccount: number; perAddress: number };

export const DEFAULT_POLICY: RateLimitPolicy = { windowMs: 15 * 60_000, perAccount: 5, perAddress: 50 };

export type Buckets = { account: string; address: string | null };

type Bucket = { name: string; limit: number };

function accountBucket(account: string): string {
  return `account:${account.trim().toLowerCase()}`;
}

function bucketsOf({ account, address }: Buckets, policy: RateLimitPolicy): Bucket[] {
  const names: Bucket[] = [{ name: accountBucket(account), limit: policy.perAccount }];
  if (address) names.push({ name: `address:${address}`, limit: policy.perAddress });
  return names;
}

/** Seconds until the `limit`-th newest failure in each bucket leaves the window (0: room now). */
async function waitFor(
  db: Kysely<Database>,
  buckets: Bucket[],
  windowMs: number,
  now: number,
  exclude: readonly string[] = [],
): Promise<number> {
  const since = new Date(now - windowMs).toISOString();
  let wait = 0;
  for (const { name, limit } of buckets) {
    let query = db
      .selectFrom("login_failures")
      .select("failed_at")
      .where("bucket", "=", name)
      .where("failed_at", ">", since);
    if (exclude.length > 0) query = query.where("id", "not in", [...exclude]);
    const rows = await query.orderBy("failed_at", "desc").limit(limit).execute();
    const oldestCounted = rows[limit - 1];
    if (oldestCounted)
      wait = Math.max(wait, Math.ceil((Date.parse(oldestCounted.failed_at) + windowMs - now) / 1000));
  }
  return wait;
}

/** Seconds until another attempt is allowed, or 0 when allowed now. */
export async function signInRetryAfter(
  buckets: Buckets,
  policy = DEFAULT_POLICY,
  options: DbOptions = {},
  now = Date.now(),
): Promise<number> {
  return waitFor(await dbOf(options), bucketsOf(buckets, policy), policy.windowMs, now);
}

// Namespace of the two-key advisory locks (a key space apart from Kysely's single-key migration lock).
const ADVISORY_NAMESPACE = 0x7468_6177; // "thaw"

/**
 * PostgreSQL (READ COMMITTED) would let parallel transactions each miss the others' uncommitted rows,
 * so they queue on a per-bucket advisory lock, taken in name order (no deadlock). SQLite already
 * serialises writers: the insert below takes the write lock before the count.
 */
async function lockBuckets(trx: Kysely<Database>, buckets: Bucket[]): Promise<void> {
  if (!supportsRowLocks(trx)) return;
  for (const name of buckets.map((b) => b.name).sort()) {
    await sql`select pg_advisory_xact_lock(${ADVISORY_NAMESPACE}, hashtext(${name}))`.execute(trx);
  }
}

/** One failure row per bucket, all at `now`. */
function failureRows(buckets: Bucket[], now: number) {
  const failed_at = new Date(now).toISOString();
  return buckets.map(({ name }) => ({ id: randomUUID(), bucket: name, failed_at }));
}

/** Failures older than the window no longer count; dropping them keeps the table small. */
async function pruneFailures(db: Kysely<Database>, policy: RateLimitPolicy, now: number): Promise<void> {
  await db
    .deleteFrom("login_failures")
    .where("failed_at", "<", new Date(now - policy.windowMs).toISOString())
    .execute();
}

export type Reservation = { ok: true; attemptIds: string[] } | { ok: false; retryAfterSeconds: number };

/**
 * Records this attempt as a failure unless the window is already full; the caller then checks the
 * password and calls `withdrawAttempt` on success. A refused attempt leaves no row (it checked nothing).
 */
export async function reserveSignInAttempt(
  buckets: Buckets,
  policy = DEFAULT_POLICY,
  options: DbOptions = {},
  now = Date.now(),
): Promise<Reservation> {
  const db = await dbOf(options);
  const named = bucketsOf(buckets, policy);
  return inTransaction(db, async (trx) => {
    await lockBuckets(trx, named);
    const rows = failureRows(named, now);
    await trx.insertInto("login_failures").values(rows).execute();
    const attemptIds = rows.map((r) => r.id);
    // Counting the others (not this attempt): full when `limit` of them are already in the window.
    const retryAfterSeconds = await waitFor(trx, named, policy.windowMs, now, attemptIds);
    if (retryAfterSeconds > 0) {
      await trx.deleteFrom("login_failures").where("id", "in", attemptIds).execute();
      return { ok: false, retryAfterSeconds };
    }
    await pruneFailures(trx, policy, now);
    return { ok: true, attemptIds };
  });
}

/** A reserved attempt that succeeded is not a failure. */
export async function withdrawAttempt(attemptIds: readonly string[], options: DbOptions = {}): Promise<void> {
  if (attemptIds.length === 0) return;
  const db = await dbOf(options);
  await db
    .deleteFrom("login_failures")
    .where("id", "in", [...attemptIds])
    .execute();
}

/** Records a failure outright (for callers that verified something without a reservation). */
export async function recordSignInFailure(
  buckets: Buckets,
  policy = DEFAULT_POLICY,
  options: DbOptions = {},
  now = Date.now(),
): Promise<void> {
  const db = await dbOf(options);
  await db
    .insertInto("login_failures")
    .values(failureRows(bucketsOf(buckets, policy), now))
    .execute();
  await pruneFailures(db, policy, now);
}

/** A successful sign-in clears the account's count (not the address's: one good password elsewhere proves nothing). */
export async function clearAccountFailures(account: string, options: DbOptions = {}): Promise<void> {
  const db = await dbOf(options);
  await db.deleteFrom("login_failures").where("bucket", "=", accountBucket(account)).execute();
}
