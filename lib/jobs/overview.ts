import "server-only";
import { listConnections } from "@/lib/connections";
import { type DbOptions } from "@/lib/db";
import { type PricingTable } from "@/lib/glacier/pricing";
import { dueAfterMs, type ObservedCompletion } from "@/lib/glacier/completion-time";
import { observedCompletionTimes } from "./completion-history";
import { listJobRows } from "./job-rows";
import { type JobListRow, type JobStatus } from "./view-types";

/** The overview page's figures, across every connection, from Thaw's job history. */

export const FINISHING_SOON_MS = 60 * 60_000;
export const EXPIRING_SOON_MS = 6 * 3_600_000;

export type OverviewJob = JobListRow & { connection: string; dueAt: string | null };

export type SpendLine = {
  connection: string;
  vault: string;
  jobs: number;
  bytes: number;
  usd: number;
  unpriced: number;
};

export type OverviewData = {
  /** When the figures were computed (epoch ms). */
  now: number;
  month: string;
  byStatus: Record<JobStatus, number>;
  finishingSoon: OverviewJob[];
  expiringSoon: OverviewJob[];
  spend: SpendLine[];
  totals: { jobs: number; bytes: number; usd: number; unpriced: number };
};

/**
 * When a job should be done: its creation plus the slowest of its connection's observed jobs of the
 * same type and tier, or AWS's typical upper end without history (completion-time.ts).
 */
export function dueAt(
  row: Pick<JobListRow, "created" | "tier" | "type">,
  observed: readonly ObservedCompletion[] = [],
): string | null {
  const window = dueAfterMs(observed, row.type, row.tier);
  const created = Date.parse(row.created);
  return Number.isNaN(created) ? null : new Date(created + window).toISOString();
}

/** Bytes a job retrieves: the archive (or range) for archive jobs, scanned bytes for Select, the inventory's size. */
function retrievedBytes(row: JobListRow): number {
  return row.size ?? 0;
}

export function summarise(
  rows: Array<JobListRow & { connection: string }>,
  now: number,
  /** Observed completion times by connection name (completion-time.ts). */
  observed: ReadonlyMap<string, readonly ObservedCompletion[]> = new Map(),
): OverviewData {
  const monthStart = new Date(
    Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1),
  ).toISOString();
  const byStatus: Record<JobStatus, number> = {
    InProgress: 0,
    Succeeded: 0,
    Failed: 0,
    Submitting: 0,
    Unknown: 0,
  };
  const finishingSoon: OverviewJob[] = [];
  const expiringSoon: OverviewJob[] = [];
  const spend = new Map<string, SpendLine>();
  for (const row of rows) {
    byStatus[row.status]++;
    const due = dueAt(row, observed.get(row.connection));
    if (row.status === "InProgress" && due && Date.parse(due) - now <= FINISHING_SOON_MS)
      finishingSoon.push({ ...row, dueAt: due });
    if (
      row.status === "Succeeded" &&
      row.type !== "select" &&
      !row.gone &&
      !row.downloaded &&
      row.expiresAt
    ) {
      const left = Date.parse(row.expiresAt) - now;
      if (left > 0 && left <= EXPIRING_SOON_MS) expiringSoon.push({ ...row, dueAt: due });
    }
    if (row.created >= monthStart && row.status !== "Failed") {
      const key = `${row.connection}\u0000${row.vault}`;
      const line = spend.get(key) ?? {
        connection: row.connection,
        vault: row.vault,
        jobs: 0,
        bytes: 0,
        usd: 0,
        unpriced: 0,
      };
      line.jobs++;
      line.bytes += retrievedBytes(row);
      if (row.costUsd === null) line.unpriced++;
      else line.usd += row.costUsd;
      spend.set(key, line);
    }
  }
  const lines = [...spend.values()].sort((a, b) => b.usd - a.usd || b.bytes - a.bytes);
  return {
    now,
    month: monthStart.slice(0, 7),
    byStatus,
    finishingSoon: finishingSoon.sort((a, b) => (a.dueAt ?? "").localeCompare(b.dueAt ?? "")).slice(0, 10),
    expiringSoon: expiringSoon
      .sort((a, b) => (a.expiresAt ?? "").localeCompare(b.expiresAt ?? ""))
      .slice(0, 10),
    spend: lines,
    totals: lines.reduce(
      (t, l) => ({
        jobs: t.jobs + l.jobs,
        bytes: t.bytes + l.bytes,
        usd: t.usd + l.usd,
        unpriced: t.unpriced + l.unpriced,
      }),
      { jobs: 0, bytes: 0, usd: 0, unpriced: 0 },
    ),
  };
}

export async function loadOverview(
  options: DbOptions & { pricing?: PricingTable; now?: number } = {},
): Promise<OverviewData> {
  const connections = await listConnections();
  const rows: Array<JobListRow & { connection: string }> = [];
  const observed = new Map<string, ObservedCompletion[]>();
  for (const c of connections) {
    for (const row of await listJobRows(c.id, options)) rows.push({ ...row, connection: c.name });
    observed.set(c.name, await observedCompletionTimes(c.id, options));
  }
  return summarise(rows, options.now ?? Date.now(), observed);
}
