/**
 * Plain data the job pages hand to their client components (components/jobs, components/inventory).
 * Types only, no imports of server code: components import these with `import type`.
 */

import { type AwsFailure } from "@/lib/glacier/failure";
import { type JobCost } from "@/lib/glacier/job-cost";
import { type JobType } from "@/lib/glacier/job-types";

/** Glacier's StatusCode, or where a Thaw submission stands when Glacier has not answered. */
export type JobStatus = "InProgress" | "Succeeded" | "Failed" | "Submitting" | "Unknown";

export type OutputVerification = "verified" | "mismatch" | null;

/** One job of the jobs page: compact, so 10 000 of them travel to the browser quickly. */
export type JobListRow = {
  /** Thaw's record id. */
  key: string;
  /** Glacier's job id (null while a submission has no answer). */
  jobId: string | null;
  type: JobType;
  vault: string;
  /** The archive's decoded name (description formats, Synology mapping), or null. */
  archive: string | null;
  archiveId: string | null;
  /** The job's own Description. */
  description: string | null;
  tier: string | null;
  status: JobStatus;
  statusMessage: string | null;
  created: string;
  /** When Thaw recorded the job: the list's order and its page cursors (not shown). */
  recordedAt: string;
  completed: string | null;
  /** Bytes of the archive or inventory. */
  size: number | null;
  /** When the output stops being downloadable (completion + 24 h). */
  expiresAt: string | null;
  /** Glacier no longer knows the job (its output expired). */
  gone: boolean;
  downloaded: boolean;
  verified: OutputVerification;
  /** The stored estimate, worded everywhere by lib/glacier/job-cost's costText. */
  cost: JobCost;
  /** `cost.usd`, for sorting and sums. */
  costUsd: number | null;
  imported: boolean;
};

/** A change pushed by the live feed. */
export type JobFeedEvent =
  | { kind: "jobs"; rows: JobListRow[] }
  | { kind: "sync"; at: string; imported: number; failedVaults: string[]; message: string | null };

export type TimelineEvent = {
  kind:
    | "initiated"
    | "imported"
    | "completed"
    | "failed"
    | "downloaded"
    | "verified"
    | "mismatch"
    | "expires"
    | "expired";
  at: string;
  detail: string | null;
};

/** Progress of a long task (output verification, inventory import), as the progress feed sends it. */
export type TaskProgress = {
  kind: "verify" | "download" | "inventory-import" | "synology-import";
  state: "running" | "done" | "failed";
  startedAt: string;
  bytes: number;
  totalBytes: number | null;
  /** Archives imported so far (inventory import). */
  items: number | null;
  /** Bytes per second over the last 10 s of progress (lib/jobs/progress-rate.ts), so a resume does not inflate it. */
  rate: number | null;
  message: string | null;
  /** Task-specific outcome: "verified" / "mismatch", the inventory id, … */
  result: string | null;
};

export type SelectObject = { key: string; size: number; lastModified: string | null };

export type SelectPreview = { key: string; rows: string[][]; truncated: boolean; problem: string | null };

export type ArchiveOutputView = {
  kind: "archive";
  href: string;
  fileName: string;
  size: number;
  expectedTreeHash: string | null;
  computedTreeHash: string | null;
  verified: "verified" | "mismatch" | null;
  downloadedAt: string | null;
  /** A Synology `<vault>_mapping` archive: its output names the data vault's archives. */
  synologyMappingFor: string | null;
};

export type InventoryOutputView = {
  kind: "inventory";
  href: string;
  fileName: string;
  size: number;
  inventoryId: string | null;
};

/** What a Select job's manifests say (lib/glacier/select-output-layout.ts). */
export type SelectManifests = {
  /** `running`: neither manifest is there yet. */
  state: "succeeded" | "failed" | "running";
  /** The result manifest's first keys (at most 1 000), in its order. */
  results: string[];
  /** How many result parts the manifest lists in all. */
  resultCount: number;
  /** The error objects' text (each a `<code>: <message>`). */
  errors: string[];
};

export type SelectOutputView = {
  kind: "select";
  bucket: string;
  prefix: string;
  objects: SelectObject[];
  manifests: SelectManifests | null;
  preview: SelectPreview | null;
  failure: AwsFailure | null;
};

export type OutputView =
  | ArchiveOutputView
  | InventoryOutputView
  | SelectOutputView
  | { kind: "unavailable"; reason: "running" | "failed" | "expired"; message: string };
