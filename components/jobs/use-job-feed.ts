"use client";

import { useEffect, useState } from "react";
import type { JobFeedEvent, JobListRow } from "@/lib/jobs";

export type SyncState = {
  at: string;
  imported: number;
  failedVaults: string[];
  message: string | null;
} | null;

/** Merges changed rows into the list by key, keeping the newest-first order for new ones. */
export function mergeRows(current: JobListRow[], changed: JobListRow[]): JobListRow[] {
  const byKey = new Map(changed.map((r) => [r.key, r]));
  const merged = current.map((r) => {
    const next = byKey.get(r.key);
    if (next) byKey.delete(r.key);
    return next ?? r;
  });
  const added = [...byKey.values()].sort((a, b) => b.created.localeCompare(a.created));
  return added.length > 0 ? [...added, ...merged] : merged;
}

/**
 * The jobs of the active connection, live: starts from the server-rendered rows and applies what
 * the job feed (server-sent events) reports. EventSource reconnects by itself after a network cut.
 */
export function useJobFeed(
  initialRows: JobListRow[],
  renderedAt: string,
): { rows: JobListRow[]; sync: SyncState; connected: boolean } {
  const [rows, setRows] = useState(initialRows);
  const [sync, setSync] = useState<SyncState>(null);
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    const source = new EventSource(`/api/jobs/events?since=${encodeURIComponent(renderedAt)}`);
    source.addEventListener("open", () => setConnected(true));
    source.addEventListener("error", () => setConnected(false));
    source.addEventListener("jobs", (event) => {
      const data = JSON.parse((event as MessageEvent<string>).data) as Extract<
        JobFeedEvent,
        { kind: "jobs" }
      >;
      setRows((current) => mergeRows(current, data.rows));
    });
    source.addEventListener("sync", (event) => {
      const data = JSON.parse((event as MessageEvent<string>).data) as Extract<
        JobFeedEvent,
        { kind: "sync" }
      >;
      setSync({
        at: data.at,
        imported: data.imported,
        failedVaults: data.failedVaults,
        message: data.message,
      });
    });
    return () => source.close();
  }, [renderedAt]);

  return { rows, sync, connected };
}

/** `now`, refreshed every `everyMs`, for countdowns; starts at the server's render time so hydration matches. */
export function useNow(initial: string, everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.parse(initial));
  useEffect(() => {
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, everyMs);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [everyMs]);
  return now;
}
