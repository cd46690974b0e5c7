"use client";

import { useEffect, useState } from "react";
import type { JobFeedEvent, JobListRow } from "@/lib/jobs";

export type SyncState = {
  at: string;
  imported: number;
  failedVaults: string[];
  message: string | null;
} | null;

/** Changed rows applied to the page's rows by key; rows of other pages are not brought in. */
export function mergeRows(current: JobListRow[], changed: JobListRow[]): JobListRow[] {
  const byKey = new Map(changed.map((r) => [r.key, r]));
  return current.map((r) => byKey.get(r.key) ?? r);
}

/**
 * One page of the active connection's jobs, live: starts from the server-rendered page and applies
 * what the job feed (server-sent events) reports about its rows; jobs recorded since the page was
 * rendered are counted (they belong on the newest page). EventSource reconnects by itself after a
 * network cut. A new page from the server (filters, paging) replaces the rows.
 */
export function useJobFeed(
  initialRows: JobListRow[],
  renderedAt: string,
): { rows: JobListRow[]; sync: SyncState; connected: boolean; newJobs: number } {
  const [rows, setRows] = useState(initialRows);
  const [shown, setShown] = useState(initialRows);
  const [newKeys, setNewKeys] = useState<ReadonlySet<string>>(new Set());
  const [sync, setSync] = useState<SyncState>(null);
  const [connected, setConnected] = useState(false);
  if (shown !== initialRows) {
    setShown(initialRows);
    setRows(initialRows);
    setNewKeys(new Set());
  }

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
      const fresh = data.rows.filter((r) => r.recordedAt > renderedAt).map((r) => r.key);
      if (fresh.length > 0) setNewKeys((known) => new Set([...known, ...fresh]));
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

  const onPage = new Set(rows.map((r) => r.key));
  const newJobs = [...newKeys].filter((key) => !onPage.has(key)).length;
  return { rows, sync, connected, newJobs };
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
