import "server-only";
import { DescribeJobCommand } from "@aws-sdk/client-glacier";
import { awsCall } from "@/lib/aws/call";
import { AwsOperationError } from "@/lib/aws/errors";
import { glacierClientFor } from "@/lib/aws/glacier-client";
import { mapBounded } from "@/lib/aws/jobs";
import { type AccountTarget } from "@/lib/aws/vaults";
import { dbOf } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { log } from "@/lib/log";
import { parseJobDescription, type TrackedDescription } from "./job-description";
import { recordDescriptions, type StoreOptions, updateTracking } from "./tracking-store";

/**
 * Live status without a reload: DescribeJob for in-progress jobs, each on its own backoff (2 s
 * doubling to 5 min, so a 5-hour Standard job costs a few dozen calls), and SNS completion messages
 * applied at once.
 */

export const MIN_CHECK_INTERVAL_MS = 2_000;
export const MAX_CHECK_INTERVAL_MS = 5 * 60_000;

export function nextCheckInterval(previous: number | null): number {
  if (previous === null) return MIN_CHECK_INTERVAL_MS;
  return Math.min(MAX_CHECK_INTERVAL_MS, Math.max(MIN_CHECK_INTERVAL_MS, previous * 2));
}

export class JobNotFoundError extends DomainError {
  constructor(readonly glacierJobId: string) {
    super(
      `Glacier does not know job ${glacierJobId}: it may have expired, or belong to another account or region.`,
      { status: 404 },
    );
    this.name = "JobNotFoundError";
  }
}

/** DescribeJob, read; throws AwsOperationError, or JobNotFoundError for an unknown id. */
export async function describeTrackedJob(
  target: AccountTarget,
  vaultName: string,
  jobId: string,
): Promise<TrackedDescription> {
  const client = glacierClientFor(target);
  let raw;
  try {
    raw = await awsCall("DescribeJob", () =>
      client.send(new DescribeJobCommand({ accountId: target.accountId, vaultName, jobId })),
    );
  } catch (error) {
    if (error instanceof AwsOperationError && error.failure.code === "ResourceNotFoundException")
      throw new JobNotFoundError(jobId);
    throw error;
  }
  const parsed = parseJobDescription(raw);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

/** DescribeJob, with the answer recorded for the Jobs page too (a plan's in-flight checks). */
export async function describeAndRecordJob(
  target: AccountTarget,
  vaultName: string,
  jobId: string,
  options: StoreOptions = {},
): Promise<TrackedDescription> {
  const description = await describeTrackedJob(target, vaultName, jobId);
  await recordDescriptions(target.id, [description], options);
  return description;
}

type DueJob = {
  id: string;
  vault_name: string;
  glacier_job_id: string | null;
  check_interval_ms: number | null;
};

export type PollResult = { checked: number; changed: string[]; gone: string[]; failed: number };

/** Describes one job and records the answer; a job Glacier does not know is marked gone. */
async function checkJob(
  target: AccountTarget,
  job: DueJob,
  options: StoreOptions,
  result: PollResult,
): Promise<void> {
  const glacierJobId = job.glacier_job_id ?? "";
  const now = options.now ?? new Date();
  const interval = nextCheckInterval(job.check_interval_ms);
  const later = new Date(now.getTime() + interval).toISOString();
  try {
    const described = await describeTrackedJob(target, job.vault_name, glacierJobId);
    const outcome = await recordDescriptions(target.id, [described], options);
    if (outcome.updated.length > 0) result.changed.push(glacierJobId);
    if (described.statusCode === "InProgress") {
      await updateTracking(job.id, { next_check_at: later, check_interval_ms: interval }, options);
    }
  } catch (error) {
    if (error instanceof JobNotFoundError) {
      await updateTracking(job.id, { gone_at: now.toISOString(), next_check_at: null }, options);
      result.gone.push(glacierJobId);
      return;
    }
    result.failed++;
    log().warn(
      { glacierJobId, detail: error instanceof Error ? error.message : String(error) },
      "DescribeJob failed; backing off",
    );
    await updateTracking(job.id, { next_check_at: later, check_interval_ms: interval }, options);
  } finally {
    result.checked++;
  }
}

/** DescribeJob for the connection's in-progress jobs whose next check is due, a few at a time. */
export async function pollDueJobs(
  target: AccountTarget,
  options: StoreOptions & { limit?: number; concurrency?: number } = {},
): Promise<PollResult> {
  const db = await dbOf(options);
  const now = (options.now ?? new Date()).toISOString();
  const due = await db
    .selectFrom("jobs")
    .leftJoin("job_tracking", "job_tracking.job_id", "jobs.id")
    .select(["jobs.id", "jobs.vault_name", "jobs.glacier_job_id", "job_tracking.check_interval_ms"])
    .where("jobs.connection_id", "=", target.id)
    .where("jobs.glacier_job_id", "is not", null)
    .where("jobs.status_code", "=", "InProgress")
    .where("job_tracking.gone_at", "is", null)
    .where((eb) =>
      eb.or([eb("job_tracking.next_check_at", "is", null), eb("job_tracking.next_check_at", "<=", now)]),
    )
    .orderBy("job_tracking.next_check_at")
    .limit(options.limit ?? 25)
    .execute();
  const result: PollResult = { checked: 0, changed: [], gone: [], failed: 0 };
  await mapBounded(due, options.concurrency ?? 4, (job) =>
    checkJob(target, job, { db, now: options.now }, result),
  );
  return result;
}

export class InvalidNotificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidNotificationError";
  }
}

/**
 * A Glacier completion message (the SNS `Message`, glacier-api.md §9: DescribeJob's JSON, as a string
 * or already parsed) finishes the job at once, or imports it if Thaw has not seen it. The caller
 * (the SNS endpoint) has verified the message's signature and decided which connection it is for.
 */
export async function applyJobNotification(
  connectionId: string,
  describeJobJson: unknown,
  options: StoreOptions = {},
): Promise<{ glacierJobId: string; statusCode: string; imported: boolean }> {
  let value = describeJobJson;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      throw new InvalidNotificationError("The notification's Message is not JSON.");
    }
  }
  const parsed = parseJobDescription(value);
  if (!parsed.ok) throw new InvalidNotificationError(parsed.message);
  const outcome = await recordDescriptions(connectionId, [parsed.value], options);
  return {
    glacierJobId: parsed.value.jobId,
    statusCode: parsed.value.statusCode,
    imported: outcome.imported.length > 0,
  };
}
