/**
 * Row types of the plans' tables (lib/plans), split from ./schema.ts, which re-exports them.
 */
import { type ColumnType, type Generated } from "kysely";

export type PlanStatusColumn = "running" | "paused" | "capped" | "cancelled" | "completed";
export type PlanItemStatusColumn =
  "pending" | "requested" | "copying" | "copied" | "verified" | "failed" | "deleted";

/** A bulk retrieval plan (lib/plans): which archives of one inventory go where, within which limits. */
export interface PlansTable {
  id: string;
  /** The creating form's id (unique): posting the same form again finds this plan. */
  plan_key: string;
  connection_id: string;
  vault_name: string;
  inventory_id: string;
  name: string;
  tier: "Expedited" | "Standard" | "Bulk";
  cap_usd: number;
  max_in_flight: number;
  daily_byte_budget: number | null;
  order_by: "smallest" | "oldest" | "prefix";
  prefix: string | null;
  /** JSON of a PlanDestination (lib/glacier/plan-form). */
  destination: string;
  status: PlanStatusColumn;
  /** Estimated spend of the jobs initiated so far. */
  spent_usd: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  /** The worker (replica) driving the plan, until lease_expires_at. */
  lease_owner: string | null;
  lease_expires_at: string | null;
  /** Backoff after throttling: the worker leaves the plan alone until then. */
  next_run_at: string | null;
  last_error: string | null;
  /** Incremented whenever the lease changes hands; a worker's item writes carry the epoch it holds. */
  lease_epoch: Generated<number>;
  /** Until when ListJobs is searched for the jobs of attempts given up on (migration 0017); null: none. */
  late_jobs_until: ColumnType<string | null, string | null | undefined, string | null>;
  /** Items written to plan_items so far (seq 1 … this); the rest wait in plan_order (migration 0020). */
  items_scheduled: Generated<number>;
  /** Items and their bytes per status, kept in the same transaction as every item change. */
  items_pending: Generated<number>;
  items_requested: Generated<number>;
  items_copying: Generated<number>;
  items_copied: Generated<number>;
  items_verified: Generated<number>;
  items_failed: Generated<number>;
  items_deleted: Generated<number>;
  bytes_pending: Generated<number>;
  bytes_requested: Generated<number>;
  bytes_copying: Generated<number>;
  bytes_copied: Generated<number>;
  bytes_verified: Generated<number>;
  bytes_failed: Generated<number>;
  bytes_deleted: Generated<number>;
}

/** Bytes a plan initiated per UTC day (YYYY-MM-DD): the daily byte budget's measure. */
export interface PlanDailyBytesTable {
  plan_id: string;
  day: string;
  bytes: number;
}

/**
 * A plan's execution order (migration 0020): its `seq`-th archive is the inventory row `archive_seq`.
 * Written whole at creation (a narrow row); plan_items gets the full item when the plan reaches it.
 */
export interface PlanOrderTable {
  plan_id: string;
  seq: number;
  archive_seq: number;
}

/** One archive of a plan; `seq` is the execution order (1-based). */
export interface PlanItemsTable {
  plan_id: string;
  seq: number;
  archive_id: string;
  description: string;
  decoded_path: string;
  size: number;
  tree_hash: string;
  creation_date: string;
  /** S3 key or path relative to the destination directory. */
  object_key: string;
  status: PlanItemStatusColumn;
  /** The `jobs` row of the current attempt's retrieval. */
  job_record_id: string | null;
  glacier_job_id: string | null;
  attempts: number;
  requested_at: string | null;
  job_completed_at: string | null;
  expires_at: string | null;
  /** When the worker next asks DescribeJob about an in-flight job (backoff). */
  next_check_at: string | null;
  /** S3 multipart upload in progress, aborted if a crashed copy is redone. */
  upload_id: string | null;
  copied_at: string | null;
  verified_at: string | null;
  cost_usd: number | null;
  error: string | null;
  updated_at: string;
}

/** One range of a plan item's copy (migration 0007): one S3 part or one region of a directory's file. */
export interface PlanChunksTable {
  plan_id: string;
  archive_id: string;
  /** 0-based position in the archive; the S3 part number is idx + 1. */
  idx: number;
  /** Inclusive byte range of the archive, tree-hash aligned. */
  range_start: number;
  range_end: number;
  part_number: number;
  state: "pending" | "done";
  /** The part's ETag as S3 returned it (null for a directory). */
  etag: string | null;
  /** Base64 SHA-256 of the range, sent as x-amz-checksum-sha256 and again at CompleteMultipartUpload. */
  checksum_sha256: string | null;
  /** Hex tree hash of the range (checked against Glacier's); the archive's is composed from these. */
  tree_hash: string | null;
  /** Failed attempts at this chunk; the item fails after a few. */
  tries: number;
  error: string | null;
  updated_at: string;
  /** The token of the copy-chunk run that claimed the chunk last: only it may record it (0013). */
  claim: string | null;
}
