import "server-only";
import { randomUUID } from "node:crypto";
import { type Selectable } from "kysely";
import { dbOf, type DbOptions, isUniqueViolation } from "@/lib/db";
import { type JobsTable, type JobTypeColumn, type SubmissionStatusColumn } from "@/lib/db/schema";
import { type AwsFailure } from "@/lib/glacier/failure";
import { type JobCost } from "@/lib/glacier/job-cost";
import { type CostEstimate } from "@/lib/glacier/pricing";
import { type JobParametersBody } from "@/lib/glacier/schemas/job-common";

/**
 * Thaw's job records. A submission first *claims* its idempotency key with an INSERT (the unique
 * index decides between concurrent submissions), then records Glacier's answer on that row.
 */

const KEY_INDEX = { name: "jobs_idempotency_key_unique", sqliteColumns: "jobs.idempotency_key" };

export type JobRecord = {
  id: string;
  connectionId: string;
  idempotencyKey: string | null;
  vaultName: string;
  jobType: JobTypeColumn;
  glacierJobId: string | null;
  location: string | null;
  outputPath: string | null;
  parameters: JobParametersBody;
  archiveId: string | null;
  tier: string | null;
  description: string | null;
  estimate: CostEstimate | null;
  submissionStatus: SubmissionStatusColumn;
  submissionError: AwsFailure | null;
  submittedBy: string | null;
  statusCode: string | null;
  createdAt: string;
  updatedAt: string;
};

type JobRow = Selectable<JobsTable>;

function parseJson<T>(text: string | null): T | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

function toRecord(row: JobRow): JobRecord {
  return {
    id: row.id,
    connectionId: row.connection_id,
    idempotencyKey: row.idempotency_key,
    vaultName: row.vault_name,
    jobType: row.job_type,
    glacierJobId: row.glacier_job_id,
    location: row.location,
    outputPath: row.output_path,
    parameters: parseJson<JobParametersBody>(row.parameters) ?? { Type: row.job_type },
    archiveId: row.archive_id,
    tier: row.tier,
    description: row.description,
    estimate: parseJson<CostEstimate>(row.estimate),
    submissionStatus: row.submission_status,
    submissionError: parseJson<AwsFailure>(row.submission_error),
    submittedBy: row.submitted_by,
    statusCode: row.status_code,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export type NewJobClaim = {
  connectionId: string;
  idempotencyKey: string;
  vaultName: string;
  parameters: JobParametersBody;
  estimate: CostEstimate | null;
  /** The figure priced with the estimate (lib/glacier/job-cost's priceJob), stored beside it. */
  cost?: JobCost | null | undefined;
  submittedBy: string | null;
};

export type ClaimResult = { claimed: true; job: JobRecord } | { claimed: false; existing: JobRecord };

function str(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/**
 * Claims the key (status `submitting`) or returns the record that already holds it. Between a
 * refused INSERT and the lookup the holder may release the key, so the claim is tried again.
 */
export async function claimJobSubmission(claim: NewJobClaim, options: DbOptions = {}): Promise<ClaimResult> {
  const db = await dbOf(options);
  const now = new Date().toISOString();
  const p = claim.parameters;
  const row: JobRow = {
    id: randomUUID(),
    connection_id: claim.connectionId,
    idempotency_key: claim.idempotencyKey,
    vault_name: claim.vaultName,
    job_type: p.Type,
    glacier_job_id: null,
    location: null,
    output_path: null,
    parameters: JSON.stringify(p),
    archive_id: str(p.ArchiveId),
    tier: str(p.Tier),
    description: str(p.Description),
    estimate: claim.estimate ? JSON.stringify(claim.estimate) : null,
    estimate_usd: claim.cost?.usd ?? null,
    estimate_bytes: claim.cost?.bytes ?? null,
    estimate_basis: claim.cost?.basis ?? null,
    submission_status: "submitting",
    submission_error: null,
    submitted_by: claim.submittedBy,
    status_code: null,
    status_message: null,
    glacier_creation_date: null,
    completion_date: null,
    size_bytes: null,
    sha256_tree_hash: null,
    last_described_at: null,
    created_at: now,
    updated_at: now,
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await db.insertInto("jobs").values(row).execute();
      return { claimed: true, job: toRecord(row) };
    } catch (error) {
      if (!isUniqueViolation(error, KEY_INDEX)) throw error;
    }
    const existing = await getJobByIdempotencyKey(claim.idempotencyKey, { db });
    if (existing) return { claimed: false, existing };
  }
  throw new Error("Could not claim the submission key: it was claimed and released repeatedly");
}

async function update(id: string, changes: Partial<JobsTable>, options: DbOptions): Promise<JobRecord> {
  const db = await dbOf(options);
  await db
    .updateTable("jobs")
    .set({ ...changes, updated_at: new Date().toISOString() })
    .where("id", "=", id)
    .execute();
  const row = await db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  return toRecord(row);
}

export function recordJobSubmitted(
  id: string,
  result: { glacierJobId: string; location: string | null; outputPath: string | null },
  options: DbOptions = {},
): Promise<JobRecord> {
  return update(
    id,
    {
      submission_status: "submitted",
      glacier_job_id: result.glacierJobId,
      location: result.location,
      output_path: result.outputPath,
      status_code: "InProgress",
    },
    options,
  );
}

/** AWS answered with an error, so no job exists: the key is released for the corrected form. */
export function releaseJobClaim(
  id: string,
  failure: AwsFailure,
  options: DbOptions = {},
): Promise<JobRecord> {
  return update(
    id,
    { submission_status: "failed", idempotency_key: null, submission_error: JSON.stringify(failure) },
    options,
  );
}

/** No answer came back: the job may exist, so the key stays taken and retries are refused. */
export function markJobUncertain(
  id: string,
  failure: AwsFailure,
  options: DbOptions = {},
): Promise<JobRecord> {
  return update(id, { submission_status: "uncertain", submission_error: JSON.stringify(failure) }, options);
}

export async function getJobByIdempotencyKey(
  key: string,
  options: DbOptions = {},
): Promise<JobRecord | undefined> {
  const db = await dbOf(options);
  const row = await db.selectFrom("jobs").selectAll().where("idempotency_key", "=", key).executeTakeFirst();
  return row && toRecord(row);
}

export async function getJobByGlacierId(
  connectionId: string,
  glacierJobId: string,
  options: DbOptions = {},
): Promise<JobRecord | undefined> {
  const db = await dbOf(options);
  const row = await db
    .selectFrom("jobs")
    .selectAll()
    .where("connection_id", "=", connectionId)
    .where("glacier_job_id", "=", glacierJobId)
    .executeTakeFirst();
  return row && toRecord(row);
}

/** The connections whose records hold this Glacier job id (an SNS message names only the job). */
export async function connectionIdsOfGlacierJob(
  glacierJobId: string,
  options: DbOptions = {},
): Promise<string[]> {
  const db = await dbOf(options);
  const rows = await db
    .selectFrom("jobs")
    .select("connection_id")
    .where("glacier_job_id", "=", glacierJobId)
    .execute();
  return [...new Set(rows.map((r) => r.connection_id))];
}

/** Where the submissions behind these record ids stand (a migration plan's items each point at one). */
export type JobSubmissionState = {
  submissionStatus: SubmissionStatusColumn;
  statusCode: string | null;
  completionDate: string | null;
  glacierJobId: string | null;
  createdAt: string;
};

export async function jobSubmissionStates(
  ids: readonly string[],
  options: DbOptions = {},
): Promise<Map<string, JobSubmissionState>> {
  const states = new Map<string, JobSubmissionState>();
  if (ids.length === 0) return states;
  const db = await dbOf(options);
  const rows = await db
    .selectFrom("jobs")
    .select(["id", "submission_status", "status_code", "completion_date", "glacier_job_id", "created_at"])
    .where("id", "in", [...ids])
    .execute();
  for (const r of rows)
    states.set(r.id, {
      submissionStatus: r.submission_status,
      statusCode: r.status_code,
      completionDate: r.completion_date,
      glacierJobId: r.glacier_job_id,
      createdAt: r.created_at,
    });
  return states;
}

/** The connection's newest recorded jobs (of a vault and type, when given). */
export async function listRecentJobs(
  connectionId: string,
  filter: { vaultName?: string; jobType?: JobTypeColumn; limit?: number } = {},
  options: DbOptions = {},
): Promise<JobRecord[]> {
  const db = await dbOf(options);
  const rows = await db
    .selectFrom("jobs")
    .selectAll()
    .where("connection_id", "=", connectionId)
    .$if(filter.vaultName !== undefined, (q) => q.where("vault_name", "=", filter.vaultName ?? ""))
    .$if(filter.jobType !== undefined, (q) => q.where("job_type", "=", filter.jobType ?? "archive-retrieval"))
    .orderBy("created_at", "desc")
    .orderBy("id")
    .limit(filter.limit ?? 20)
    .execute();
  return rows.map(toRecord);
}
