import "server-only";
import { type AccountTarget } from "@/lib/aws/vaults";
import { log } from "@/lib/log";
import { pollDueJobs } from "./poll";
import { syncJobs, type SyncResult } from "./sync";

/**
 * One watcher per connection and process while anyone watches (a jobs or job page is open): every
 * tick it describes due in-progress jobs (poll.ts backoff), and every SYNC_INTERVAL_MS it syncs
 * ListJobs of all vaults, which also imports jobs started elsewhere. Pages read the database; the
 * watcher only keeps it current, so several open pages cost AWS the same as one.
 */

export const TICK_MS = 1_000;
export const SYNC_INTERVAL_MS = 30_000;

export type SyncReport = { at: string; result: SyncResult | null; message: string | null };

type Watcher = {
  listeners: Set<(report: SyncReport) => void>;
  timer: NodeJS.Timeout;
  busy: boolean;
  lastSyncAt: number;
  lastReport: SyncReport | null;
  loadTarget: () => Promise<AccountTarget>;
};

const slot = globalThis as { __thawJobWatchers?: Map<string, Watcher> };
const watchers = (slot.__thawJobWatchers ??= new Map<string, Watcher>());

async function tick(connectionId: string, watcher: Watcher): Promise<void> {
  if (watcher.busy) return;
  watcher.busy = true;
  try {
    const target = await watcher.loadTarget();
    if (Date.now() - watcher.lastSyncAt >= SYNC_INTERVAL_MS) {
      watcher.lastSyncAt = Date.now();
      let report: SyncReport;
      try {
        report = { at: new Date().toISOString(), result: await syncJobs(target), message: null };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        report = { at: new Date().toISOString(), result: null, message };
      }
      watcher.lastReport = report;
      for (const listener of watcher.listeners) listener(report);
    }
    await pollDueJobs(target);
  } catch (error) {
    log().warn(
      { connectionId, detail: error instanceof Error ? error.message : String(error) },
      "job watcher tick failed",
    );
  } finally {
    watcher.busy = false;
  }
}

/** Starts (or joins) the connection's watcher; the returned function leaves it, the last one stops it. */
export function watchConnection(
  connectionId: string,
  loadTarget: () => Promise<AccountTarget>,
  onSync: (report: SyncReport) => void,
): () => void {
  let watcher = watchers.get(connectionId);
  if (!watcher) {
    const created: Watcher = {
      listeners: new Set(),
      busy: false,
      lastSyncAt: 0,
      lastReport: null,
      loadTarget,
      timer: setInterval(() => void tick(connectionId, created), TICK_MS),
    };
    created.timer.unref();
    watchers.set(connectionId, created);
    watcher = created;
    void tick(connectionId, created);
  } else if (watcher.lastReport) {
    onSync(watcher.lastReport);
  }
  const current = watcher;
  current.listeners.add(onSync);
  return () => {
    current.listeners.delete(onSync);
    if (current.listeners.size === 0) {
      clearInterval(current.timer);
      watchers.delete(connectionId);
    }
  };
}

/** Runs a sync now for the next tick (e.g. after the page asked for a refresh). */
export function requestSync(connectionId: string): void {
  const watcher = watchers.get(connectionId);
  if (watcher) watcher.lastSyncAt = 0;
}
