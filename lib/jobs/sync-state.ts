import "server-only";
import { type Kysely } from "kysely";
import { type Database, dbOf } from "@/lib/db";
import { type VaultSyncStateTable } from "@/lib/db/schema";
import { type StoreOptions } from "./tracking-store";

/**
 * `vault_sync_state`: one row per connection, shared by every replica. It makes "one sync per
 * connection" hold whatever the queue does: a run claims the row for RUN_LEASE_MS (a second run at
 * the same time does nothing), and a page's request enqueues a run only when no run is already
 * scheduled as early as it needs one.
 */

/**
 * A run holds the connection this long past its last sign of life (it renews the lease every 15 s):
 * a replica that died in a run keeps the others out at most this long, which is less than the queue
 * takes to give its task to another (30 s without a heartbeat, then a retry 30 s later).
 */
export const RUN_LEASE_MS = 45_000;
/** A scheduled run this late is taken as lost (its replica died before it ran) and scheduled again. */
export const LOST_RUN_MS = 2 * 60_000;

export type VaultSyncReport = {
  at: string;
  imported: number;
  updated: number;
  gone: number;
  failedVaults: string[];
  /** Glacier calls this run made (what the bench and tests count at the emulator too). */
  calls: { listVaults: number; listJobs: number; describeJob: number };
  message: string | null;
};

export type SyncState = VaultSyncStateTable;

const iso = (ms: number) => new Date(ms).toISOString();

async function ensureRow(db: Kysely<Database>, connectionId: string, now: string): Promise<void> {
  await db
    .insertInto("vault_sync_state")
    .values({
      connection_id: connectionId,
      running_until: null,
      next_run_at: null,
      next_tracking_at: null,
      last_sweep_at: null,
      last_completed_sweep_at: null,
      watched_at: null,
      last_run_at: null,
      last_report: null,
      updated_at: now,
    })
    .onConflict((oc) => oc.column("connection_id").doNothing())
    .execute();
}

export async function readSyncState(
  connectionId: string,
  options: StoreOptions = {},
): Promise<SyncState | undefined> {
  const db = await dbOf(options);
  return db
    .selectFrom("vault_sync_state")
    .selectAll()
    .where("connection_id", "=", connectionId)
    .executeTakeFirst();
}

/** Takes the connection for one run; false while another run holds it. Clears the run it was scheduled as. */
export async function claimSyncRun(connectionId: string, options: StoreOptions = {}): Promise<boolean> {
  const db = await dbOf(options);
  const nowMs = (options.now ?? new Date()).getTime();
  const now = iso(nowMs);
  await ensureRow(db, connectionId, now);
  const claimed = await db
    .updateTable("vault_sync_state")
    .set({ running_until: iso(nowMs + RUN_LEASE_MS), next_run_at: null, updated_at: now })
    .where("connection_id", "=", connectionId)
    .where((eb) => eb.or([eb("running_until", "is", null), eb("running_until", "<=", now)]))
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

/** A run still under way keeps the connection for RUN_LEASE_MS more (from `atMs`). */
export async function renewSyncRun(
  connectionId: string,
  atMs: number,
  options: StoreOptions = {},
): Promise<void> {
  const db = await dbOf(options);
  await db
    .updateTable("vault_sync_state")
    .set({ running_until: iso(atMs + RUN_LEASE_MS) })
    .where("connection_id", "=", connectionId)
    .where("running_until", "is not", null)
    .execute();
}

/** A run stopped from outside (shutdown, a drain's budget): free the connection, due parts stay due. */
export async function abandonSyncRun(connectionId: string, options: StoreOptions = {}): Promise<void> {
  const db = await dbOf(options);
  await db
    .updateTable("vault_sync_state")
    .set({ running_until: null })
    .where("connection_id", "=", connectionId)
    .execute();
}

/** Ends a run: when each part is due next, and what it did (null: nothing was due, the last report stays). */
export async function finishSyncRun(
  connectionId: string,
  changes: Pick<VaultSyncStateTable, "next_tracking_at" | "last_sweep_at" | "last_completed_sweep_at"> & {
    report: VaultSyncReport | null;
  },
  options: StoreOptions = {},
): Promise<void> {
  const db = await dbOf(options);
  const now = (options.now ?? new Date()).toISOString();
  const { report, ...schedule } = changes;
  await db
    .updateTable("vault_sync_state")
    .set({
      running_until: null,
      ...schedule,
      ...(report ? { last_run_at: now, last_report: JSON.stringify(report) } : {}),
      updated_at: now,
    })
    .where("connection_id", "=", connectionId)
    .execute();
}

/**
 * Records that a run is wanted at `atMs` and says whether the caller must enqueue it: only when no
 * run is scheduled that early already (or the scheduled one is overdue by LOST_RUN_MS). One
 * conditional update, so of two replicas asking at once only one enqueues.
 */
export async function scheduleSyncRun(
  connectionId: string,
  atMs: number,
  options: StoreOptions = {},
): Promise<boolean> {
  const db = await dbOf(options);
  const nowMs = (options.now ?? new Date()).getTime();
  await ensureRow(db, connectionId, iso(nowMs));
  const at = iso(Math.max(atMs, nowMs));
  const updated = await db
    .updateTable("vault_sync_state")
    .set({ next_run_at: at, updated_at: iso(nowMs) })
    .where("connection_id", "=", connectionId)
    .where((eb) =>
      eb.or([
        eb("next_run_at", "is", null),
        eb("next_run_at", ">", at),
        eb("next_run_at", "<", iso(nowMs - LOST_RUN_MS)),
      ]),
    )
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** A page or feed is watching the connection: sweeps keep running while this is recent. */
export async function markWatched(connectionId: string, options: StoreOptions = {}): Promise<void> {
  const db = await dbOf(options);
  const now = (options.now ?? new Date()).toISOString();
  await ensureRow(db, connectionId, now);
  await db
    .updateTable("vault_sync_state")
    .set({ watched_at: now })
    .where("connection_id", "=", connectionId)
    .execute();
}

export function parseReport(text: string | null): VaultSyncReport | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as VaultSyncReport;
  } catch {
    return null;
  }
}
