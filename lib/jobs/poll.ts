import "server-only";
import { DescribeJobCommand } from "@aws-sdk/client-glacier";
import { awsCall } from "@/lib/aws/call";
import { AwsOperationError } from "@/lib/aws/errors";
import { glacierClientFor } from "@/lib/aws/glacier-client";
import { type AccountTarget } from "@/lib/aws/vaults";
import { DomainError } from "@/lib/errors";
import { parseJobDescription, type TrackedDescription } from "./job-description";
import { recordDescriptions, type StoreOptions } from "./tracking-store";

/**
 * DescribeJob for one job (the vault sync's last resort, a plan's in-flight check, a job page for a
 * job Thaw never saw) and Glacier's SNS completion messages, applied at once.
 */

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
