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

/**
 * The archive's name split where a narrow column needs it: the file name leads (a path cut at its end
 * would hide exactly the part that tells archives apart), its folder follows. An unnamed archive shows
 * the start of its id.
 */
function archiveParts(
  row: Pick<JobListRow, "archive" | "archiveId">,
): { file: string; folder: string | null } | null {
  if (!row.archive) return row.archiveId ? { file: `${row.archiveId.slice(0, 12)}…`, folder: null } : null;
  // Windows tools write backslashes (C:\Users\…).
  const cut = Math.max(row.archive.lastIndexOf("/"), row.archive.lastIndexOf("\\"));
  return cut > 0 && cut < row.archive.length - 1
    ? { file: row.archive.slice(cut + 1), folder: row.archive.slice(0, cut) }
    : { file: row.archive, folder: null };
}

/**
 * A row's two lines, so rows of one vault do not look alike. The label is the job's description, else
 * the archive's file name, else what it fetched from where; the second line says the type and vault,
 * then the archive (under a description) or its folder (under its file name), and where the job began.
 */
export function jobLines(
  row: Pick<JobListRow, "type" | "vault" | "archive" | "archiveId" | "description" | "imported">,
): { label: string; context: string } {
  const archive = archiveParts(row);
  const what = row.type === "inventory-retrieval" ? "Inventory" : TYPE_LABELS[row.type];
  const label = row.description ?? archive?.file ?? `${what} of ${row.vault}`;
  const archiveNote = row.description ? archive?.file : archive?.folder && `in ${archive.folder}`;
  const context = [TYPE_LABELS[row.type], row.vault, archiveNote, row.imported && "started outside Thaw"]
    .filter(Boolean)
    .join(" · ");
  return { label, context };
}
