/**
 * Row types of every table, one interface per table, column names as in SQL (snake_case).
 * Both dialects store the same shapes: timestamps as ISO 8601 UTC strings (`2026-11-25T10:00:00.000Z`,
 * which sort correctly as text), booleans as integer 0/1, ids as UUID text.
 * A new table: add a migration in ./migrations and its interface here (the plans' in ./schema-plans.ts).
 */
import {
  type PlanChunksTable,
  type PlanDailyBytesTable,
  type PlanItemsTable,
  type PlanOrderTable,
  type PlansTable,
} from "./schema-plans";

export type {
  PlanChunksTable,
  PlanDailyBytesTable,
  PlanItemStatusColumn,
  PlanItemsTable,
  PlanOrderTable,
  PlansTable,
  PlanStatusColumn,
} from "./schema-plans";

export type CredentialModeColumn = "default-chain" | "profile" | "access-key" | "assume-role";

export interface ConnectionsTable {
  id: string;
  name: string;
  /** Case-folded name; a plain unique index on it makes names unique case-insensitively on both dialects. */
  name_key: string;
  region: string;
  /** "-" (the signing account) or 12 digits. */
  account_id: string;
  endpoint: string | null;
  mode: CredentialModeColumn;
  profile: string | null;
  access_key_id: string | null;
  role_arn: string | null;
  external_id: string | null;
  session_name: string | null;
  /** lib/crypto sealSecret() of JSON {secretAccessKey, sessionToken?}; null when the mode has no secret. */
  sealed_secret: string | null;
  created_at: string;
  updated_at: string;
}

export type JobTypeColumn = "inventory-retrieval" | "archive-retrieval" | "select";
export type SubmissionStatusColumn = "submitting" | "submitted" | "failed" | "uncertain";

/** Thaw's record of a job: what was asked (parameters, estimate), how submission went, Glacier's status. */
export interface JobsTable {
  id: string;
  connection_id: string;
  /** One per wizard form instance; NULL for jobs imported from ListJobs and for released claims. */
  idempotency_key: string | null;
  vault_name: string;
  job_type: JobTypeColumn;
  glacier_job_id: string | null;
  location: string | null;
  output_path: string | null;
  /** JSON of the exact InitiateJob JobParameters body. */
  parameters: string;
  archive_id: string | null;
  tier: string | null;
  description: string | null;
  /** JSON of lib/glacier/pricing's CostEstimate at submission. */
  estimate: string | null;
  /** The estimate's total (lib/glacier/job-cost), null while unknown; all three null before migration 0011. */
  estimate_usd: number | null;
  /** Bytes the total counts: retrieved, or scanned by Select. */
  estimate_bytes: number | null;
  /** Where those bytes came from (CostBasis). */
  estimate_basis: string | null;
  submission_status: SubmissionStatusColumn;
  /** JSON of the AwsFailure that ended the submission. */
  submission_error: string | null;
  submitted_by: string | null;
  status_code: string | null;
  status_message: string | null;
  glacier_creation_date: string | null;
  completion_date: string | null;
  size_bytes: number | null;
  sha256_tree_hash: string | null;
  last_described_at: string | null;
  created_at: string;
  updated_at: string;
}

export type InventoryStatusColumn = "importing" | "complete" | "failed";

/** One imported inventory of a vault (lib/inventory); readers see only status 'complete'. */
export interface InventoriesTable {
  id: string;
  connection_id: string;
  vault_name: string;
  /** From the JSON inventory; CSV inventories carry none. */
  vault_arn: string | null;
  inventory_date: string | null;
  /** The inventory-retrieval job it came from; unique per connection (a re-import finds it). */
  job_id: string | null;
  format: "JSON" | "CSV";
  /** The table holding this inventory's archives (an InventoryArchivesTable), named by lib/inventory. */
  archive_table: string;
  archive_count: number;
  total_bytes: number;
  status: InventoryStatusColumn;
  error: string | null;
  started_at: string;
  /** Refreshed while an import runs, so a crashed import can be told from a running one. */
  heartbeat_at: string;
  imported_at: string | null;
  /** Coverage (migration 0009): the InventoryRetrievalParameters it was cut by; all null = whole vault. */
  coverage_start: string | null;
  coverage_end: string | null;
  coverage_limit: number | null;
  /** The Marker this page started from; null for a run's first page. */
  coverage_marker: string | null;
  /** The Marker to continue the run from; null when it ended here. */
  next_marker: string | null;
}

/**
 * The rows of one inventory. Each inventory has its own table (`inventories.archive_table`,
 * `inventory_archives_<hex id>`): it is bulk-loaded without indexes, indexed once complete, and
 * dropped whole with its inventory. Not in Database: lib/inventory reaches it through withTables().
 */
export interface InventoryArchivesTable {
  /** 1-based position in the inventory; the primary key, and the tie-breaker of every sort. */
  seq: number;
  archive_id: string;
  description: string;
  /** "" when the description names no path (so the path sort is the same on both dialects). */
  decoded_path: string;
  /** A DescriptionFormat, or "synology" once a mapping database named the archive. */
  decoded_format: string;
  decoded_modified: string | null;
  creation_date: string;
  size: number;
  tree_hash: string;
}

/** Archive names learnt outside descriptions (a Synology `<vault>_mapping` database), per data vault. */
export interface ArchiveNamesTable {
  connection_id: string;
  vault_name: string;
  archive_id: string;
  path: string;
  size: number | null;
  /** When the tool backed the file up (Synology lastBkpTime), ISO 8601 UTC. */
  backed_up_at: string | null;
  source: "synology";
  imported_at: string;
}

/** What Thaw learns about a job after submission (lib/jobs), one row per `jobs` row. */
export interface JobTrackingTable {
  job_id: string;
  /** 'thaw': Thaw started it; 'imported': found in ListJobs (started by another tool). */
  origin: "thaw" | "imported";
  last_description: string | null;
  archive_description: string | null;
  output_size_bytes: number | null;
  expires_at: string | null;
  gone_at: string | null;
  next_check_at: string | null;
  check_interval_ms: number | null;
  output_downloaded_at: string | null;
  output_verified: "verified" | "mismatch" | null;
  output_verified_at: string | null;
  output_tree_hash: string | null;
  updated_at: string;
}

/** When each part of a connection's `vault-sync` is next due, and its last report (lib/jobs). */
export interface VaultSyncStateTable {
  connection_id: string;
  /** A run holds the connection until then; another run meanwhile does nothing. */
  running_until: string | null;
  /** The earliest run already scheduled (a request before it enqueues nothing more). */
  next_run_at: string | null;
  /** When vaults with unfinished jobs are listed next. */
  next_tracking_at: string | null;
  /** The last InProgress listing of every vault (imports jobs started elsewhere). */
  last_sweep_at: string | null;
  /** The last completed=true listing of every vault (finished jobs, and those Glacier dropped). */
  last_completed_sweep_at: string | null;
  /** The last time a page or feed asked for a sync: sweeps run only while someone watches. */
  watched_at: string | null;
  last_run_at: string | null;
  /** JSON VaultSyncReport of the last run. */
  last_report: string | null;
  updated_at: string;
}

/** The 1 MiB tree-hash leaf digests of an archive output, so a resumed download is verified whole. */
export interface JobOutputLeavesTable {
  job_id: string;
  leaf: number;
  digest: string;
}

export interface UsersTable {
  id: string;
  email: string;
  email_key: string;
  name: string;
  role: "viewer" | "operator" | "admin";
  /** scrypt hash; null for SSO-only users. */
  password_hash: string | null;
  oidc_subject: string | null;
  /** 0/1. */
  disabled: number;
  last_sign_in_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the session token; the token itself is never stored. */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  address: string | null;
}

export interface LoginFailuresTable {
  id: string;
  bucket: string;
  failed_at: string;
}

/** Append-only: the database refuses UPDATE and DELETE on it. */
export interface AuditLogTable {
  id: string;
  occurred_at: string;
  actor_id: string | null;
  actor_email: string | null;
  action: string;
  outcome: "success" | "failure" | "denied";
  connection_id: string | null;
  target: string | null;
  details: string;
  address: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface SnsMessagesTable {
  message_id: string;
  topic_arn: string;
  type: string;
  received_at: string;
}

export interface SnsSubscriptionsTable {
  topic_arn: string;
  status: "confirmed" | "unsubscribed";
  updated_at: string;
}

/** Progress of queued work on a job's output (migration 0019, lib/jobs): any replica's page reads it. */
export interface OutputTaskProgressTable {
  job_id: string;
  kind: "inventory-import";
  /** queued: waiting for a worker; running; done or failed with `message`. */
  state: "queued" | "running" | "done" | "failed";
  started_at: string;
  bytes: number;
  total_bytes: number | null;
  items: number | null;
  /** Bytes per second over the recent progress (lib/jobs/progress-rate.ts). */
  rate: number | null;
  message: string | null;
  result: string | null;
  updated_at: string;
}

/** One task of the in-process queue (migration 0012, lib/tasks); pg-boss keeps its own on PostgreSQL. */
export interface TasksTable {
  id: string;
  name: string;
  /** JSON of the task's payload. */
  payload: string;
  state: "waiting" | "active" | "parked";
  singleton_key: string | null;
  /** The slot of singleton_key this row holds (unique per name and key); null when it holds none. */
  singleton_slot: string | null;
  group_id: string | null;
  /** Runs started so far (the running one included). */
  attempt: number;
  start_after: string;
  created_at: string;
  started_at: string | null;
  /** An active task not heard from by then is taken back. */
  deadline_at: string | null;
  /** Who runs it (active) or ran it last. */
  worker: string | null;
  /** The last failed run, and its error. */
  failed_at: string | null;
  error: string | null;
}

export interface Database {
  connections: ConnectionsTable;
  jobs: JobsTable;
  inventories: InventoriesTable;
  archive_names: ArchiveNamesTable;
  job_tracking: JobTrackingTable;
  job_output_leaves: JobOutputLeavesTable;
  vault_sync_state: VaultSyncStateTable;
  output_task_progress: OutputTaskProgressTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
  sns_messages: SnsMessagesTable;
  sns_subscriptions: SnsSubscriptionsTable;
  plans: PlansTable;
  plan_items: PlanItemsTable;
  plan_order: PlanOrderTable;
  plan_daily_bytes: PlanDailyBytesTable;
  plan_chunks: PlanChunksTable;
  tasks: TasksTable;
}
