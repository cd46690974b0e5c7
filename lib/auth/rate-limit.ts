import "server-only";
import { randomUUID } from "node:crypto";
import { type Kysely } from "kysely";
import { type Database, getDatabase } from "@/lib/db";

/**
 * Failed sign-ins counted in the database (so every replica sees them) in a sliding window, per
 * account and per client address. Past the limit, sign-in is refused without checking the password,
 * even a right one, until the window has moved on.
 */

export type RepositoryOptions = { db?: Kysely<Database> };

export type RateLimitPolicy = { windowMs: number; perAccount: number; perAddress: number };

export const DEFAULT_POLICY: RateLimitPolicy = { windowMs: 15 * 60_000, perAccount: 5, perAddress: 50 };

export type Buckets = { account: string; address: string | null };

function bucketNames({ account, address }: Buckets): Array<{ name: string; kind: "account" | "address" }> {
  const names: Array<{ name: string; kind: "account" | "address" }> = [{ name: `account:${account.trim().toLowerCase()}`, kind: "account" }];
  if (address) names.push({ name: `address:${address}`, kind: "address" });
  return names;
}

async function databaseOf(options: RepositoryOptions): Promise<Kysely<Database>> {
  return options.db ?? (await getDatabase()).db;
}

/** Seconds until another attempt is allowed, or 0 when allowed now. */
export async function signInRetryAfter(buckets: Buckets, policy = DEFAULT_POLICY, options: RepositoryOptions = {}, now = Date.now()): Promise<number> {
  const db = await databaseOf(options);
  const since = new Date(now - policy.windowMs).toISOString();
  let wait = 0;
  for (const { name, kind } of bucketNames(buckets)) {
    const limit = kind === "account" ? policy.perAccount : policy.perAddress;
    const rows = await db
      .selectFrom("login_failures")
      .select("failed_at")
      .where("bucket", "=", name)
      .where("failed_at", ">", since)
      .orderBy("failed_at", "desc")
      .limit(limit)
      .execute();
    const oldestCounted = rows[limit - 1];
    if (oldestCounted) wait = Math.max(wait, Math.ceil((Date.parse(oldestCounted.failed_at) + policy.windowMs - now) / 1000));
  }
  return wait;
}

export async function recordSignInFailure(buckets: Buckets, policy = DEFAULT_POLICY, options: RepositoryOptions = {}, now = Date.now()): Promise<void> {
  const db = await databaseOf(options);
  const at = new Date(now).toISOString();
  await db
    .insertInto("login_failures")
    .values(bucketNames(buckets).map(({ name }) => ({ id: randomUUID(), bucket: name, failed_at: at })))
    .execute();
  await db.deleteFrom("login_failures").where("failed_at", "<", new Date(now - policy.windowMs).toISOString()).execute();
}

/** A successful sign-in clears the account's count (not the address's: one good password elsewhere proves nothing). */
export async function clearAccountFailures(account: string, options: RepositoryOptions = {}): Promise<void> {
  const db = await databaseOf(options);
  await db.deleteFrom("login_failures").where("bucket", "=", `account:${account.trim().toLowerCase()}`).execute();
}
