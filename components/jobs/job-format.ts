/** Display rules for jobs shared by the jobs page, job page and overview. Pure. */

import { type JobType } from "@/lib/glacier/job-types";
import type { JobListRow, JobStatus } from "@/lib/jobs";

export const TYPE_LABELS: Record<JobType, string> = {
  "archive-retrieval": "Archive",
  "inventory-retrieval": "Inventory",
  select: "Select",
};

export type Tone = "neutral" | "info" | "success" | "warning" | "danger";

export const STATUS_TONES: Record<JobStatus, Tone> = {
  InProgress: "info",
  Succeeded: "success",
  Failed: "danger",
  Submitting: "neutral",
  Unknown: "warning",
};

export const STATUS_LABELS: Record<JobStatus, string> = {
  InProgress: "In progress",
  Succeeded: "Succeeded",
  Failed: "Failed",
  Submitting: "Submitting",
  Unknown: "Unknown",
};

/** Warn this long before an output expires. */
export const EXPIRY_WARNING_MS = 6 * 60 * 60 * 1000;

export type OutputWindow =
  | { state: "none" }
  | { state: "open"; msLeft: number }
  | { state: "expiring"; msLeft: number }
  | { state: "expired" };

/** Where a job's output stands at `now`: Select outputs live in S3 and never expire here. */
export function outputWindow(
  row: Pick<JobListRow, "status" | "type" | "expiresAt" | "gone">,
  now: number,
): OutputWindow {
  if (row.status !== "Succeeded" || row.type === "select") return { state: "none" };
  if (row.gone) return { state: "expired" };
  if (!row.expiresAt) return { state: "none" };
  const msLeft = Date.parse(row.expiresAt) - now;
  if (msLeft <= 0) return { state: "expired" };
  return msLeft <= EXPIRY_WARNING_MS ? { state: "expiring", msLeft } : { state: "open", msLeft };
}

/** `23 h 5 min`, `42 min`, `< 1 min`. */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return "< 1 min";
  const hours = Math.floor(minutes / 60);
  if (hours === 0) return `${minutes} min`;
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** `1.2 MiB/s`-style rate and an ETA for a task's progress. */
export function etaSeconds(bytes: number, total: number | null, rate: number | null): number | null {
  if (total === null || rate === null || rate <= 0 || bytes >= total) return null;
  return (total - bytes) / rate;
}

export function formatEta(seconds: number | null): string {
  if (seconds === null) return "—";
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  return formatDuration(seconds * 1000);
}

/** The one-click "request again": a server route that opens the prefilled wizard. */
export function requestAgainHref(jobId: string): string {
  return `/api/jobs/${encodeURIComponent(jobId)}/again`;
}

export function jobHref(jobId: string): string {
  return `/jobs/${encodeURIComponent(jobId)}`;
}
