import "server-only";
import { log } from "@/lib/log";
import { type FeedCursor, listChangedJobRows } from "./job-rows";
import { openVaults } from "./open-jobs";
import { connectionTimeScale } from "./sync-pace";
import { nextRunAt } from "./sync-schedule";
import { markWatched, parseReport, readSyncState, scheduleSyncRun, type VaultSyncReport } from "./sync-state";
import { type StoreOptions } from "./tracking-store";
import { type JobFeedEvent } from "./view-types";

/** Changed rows sent in one event at most; a bigger change arrives over several reads. */
const FEED_ROWS = 500;

/**
 * What pages and the live feed do about Glacier: nothing directly. They read the database, and at
 * most ask for a `vault-sync` run (requestVaultSync), which the queue runs once per connection for
 * the whole fleet. Several replicas and tabs watching one connection cost Glacier what one does.
 */

/** An open feed asks again this often, so sweeps go on while it stays open (well within WATCH_MS). */
export const FEED_ASK_MS = 5 * 60_000;

/** Puts a `vault-sync` run for the connection in the queue, `startAfterSeconds` from now. */
export type EnqueueVaultSync = (connectionId: string, startAfterSeconds: number) => Promise<void>;

/**
 * A page or feed watches the connection: records it (sweeps run while someone watches) and
 * enqueues a run for the next thing due, unless a run is already scheduled that early. Cheap: a few
 * queries, no Glacier call.
 */
export async function requestVaultSync(
  connectionId: string,
  options: StoreOptions & { enqueue: EnqueueVaultSync; timeScale?: number },
): Promise<void> {
  const nowMs = (options.now ?? new Date()).getTime();
  await markWatched(connectionId, options);
  const [state, open, timeScale] = await Promise.all([
    readSyncState(connectionId, options),
    openVaults(connectionId, options),
    options.timeScale ?? connectionTimeScale(connectionId, options),
  ]);
  const next = nextRunAt(state, open.size > 0, nowMs, timeScale);
  if (next !== null && (await scheduleSyncRun(connectionId, next, options)))
    await options.enqueue(connectionId, Math.ceil((next - nowMs) / 1000));
}

/** The last run's report, as the feed shows it ("synced with Glacier at …"). */
export async function lastSyncReport(
  connectionId: string,
  options: StoreOptions = {},
): Promise<VaultSyncReport | null> {
  return parseReport((await readSyncState(connectionId, options))?.last_report ?? null);
}

/** How often an open feed reads the database for changed jobs and a new sync report. */
export const FEED_READ_MS = 1_000;
/** Rows changed this close to a read are read again: a transaction that began earlier may commit after it. */
const FEED_OVERLAP_MS = 1_000;

export type FeedOptions = { enqueue: EnqueueVaultSync; since: string };

/**
 * The live job feed of one connection (server-sent events route): changed rows and sync reports,
 * read from the database every FEED_READ_MS, and a sync asked for at open and every FEED_ASK_MS. No
 * Glacier call. Returns the cleanup for when the client goes away.
 */
export function startJobFeed(
  connectionId: string,
  send: (event: JobFeedEvent) => void,
  options: FeedOptions,
): () => void {
  // From a little before `since` as every later read: a write stamped before the page read may commit after it.
  const since = new Date(Date.parse(options.since) - FEED_OVERLAP_MS).toISOString();
  let cursor: FeedCursor = { updatedAt: since, key: "" };
  let lastReportAt: string | null = null;
  let busy = false;
  const warn = (what: string, error: unknown) =>
    log().warn({ connectionId, detail: error instanceof Error ? error.message : String(error) }, what);
  const read = async () => {
    if (busy) return;
    busy = true;
    try {
      const startedAt = new Date(Date.now() - FEED_OVERLAP_MS).toISOString();
      const { rows, next } = await listChangedJobRows(connectionId, cursor, { limit: FEED_ROWS });
      // A full page: more are waiting, read on from its last row; otherwise overlap the next read.
      cursor = rows.length === FEED_ROWS && next ? next : { updatedAt: startedAt, key: "" };
      if (rows.length > 0) send({ kind: "jobs", rows });
      const report = await lastSyncReport(connectionId);
      if (report && report.at !== lastReportAt) {
        lastReportAt = report.at;
        send({
          kind: "sync",
          at: report.at,
          imported: report.imported,
          failedVaults: report.failedVaults,
          message: report.message,
        });
      }
    } catch (error) {
      warn("job feed read failed", error);
    } finally {
      busy = false;
    }
  };
  const ask = () =>
    void requestVaultSync(connectionId, { enqueue: options.enqueue }).catch((error: unknown) =>
      warn("asking for a vault sync failed", error),
    );
  ask();
  const reader = setInterval(() => void read(), FEED_READ_MS);
  const asker = setInterval(ask, FEED_ASK_MS);
  return () => {
    clearInterval(reader);
    clearInterval(asker);
  };
}
