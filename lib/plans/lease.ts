import "server-only";
import { type Kysely } from "kysely";
import { type Database } from "@/lib/db";
import { type PlanStatus } from "./store";

/**
 * Statuses a worker drives. A paused plan is driven too, but only to track and copy the jobs already
 * in flight (their outputs are paid for and expire 24 h after completion); it initiates nothing.
 */
export const DRIVEN_STATUSES: readonly PlanStatus[] = ["running", "capped", "paused"];

/**
 * One conditional UPDATE takes or renews a plan's lease: it succeeds only while the lease is free,
 * expired or already ours, so of several replicas sharing the database exactly one drives a plan.
 * Taken by a new owner, the lease's epoch goes up: the previous holder's item writes, which carry
 * the epoch it held (store.ts updateItem), are refused from then on, even while its step still runs.
 */
export async function acquireLease(
  db: Kysely<Database>,
  planId: string,
  owner: string,
  leaseMs: number,
): Promise<boolean> {
  const now = new Date();
  const result = await db
    .updateTable("plans")
    .set((eb) => ({
      lease_owner: owner,
      lease_expires_at: new Date(now.getTime() + leaseMs).toISOString(),
      lease_epoch: eb
        .case()
        .when("lease_owner", "=", owner)
        .then(eb.ref("lease_epoch"))
        .else(eb("lease_epoch", "+", 1))
        .end(),
    }))
    .where("id", "=", planId)
    .where("status", "in", DRIVEN_STATUSES)
    .where((eb) =>
      eb.or([
        eb("lease_owner", "is", null),
        eb("lease_owner", "=", owner),
        eb("lease_expires_at", "<", now.toISOString()),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function releaseLease(db: Kysely<Database>, planId: string, owner: string): Promise<void> {
  await db
    .updateTable("plans")
    .set({ lease_owner: null, lease_expires_at: null })
    .where("id", "=", planId)
    .where("lease_owner", "=", owner)
    .execute();
}

/** Plans a worker may drive now: running, capped or paused, lease free, expired or its own. */
export async function drivablePlanIds(db: Kysely<Database>, owner: string): Promise<string[]> {
  const now = new Date().toISOString();
  const rows = await db
    .selectFrom("plans")
    .select("id")
    .where("status", "in", DRIVEN_STATUSES)
    .where((eb) =>
      eb.or([eb("lease_owner", "is", null), eb("lease_owner", "=", owner), eb("lease_expires_at", "<", now)]),
    )
    .orderBy("created_at")
    .execute();
  return rows.map((r) => r.id);
}
