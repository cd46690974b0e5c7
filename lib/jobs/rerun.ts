/**
 * "Run again": the wizard values that repeat a job. From Thaw's record when it has one (the exact
 * parameters sent); otherwise from DescribeJob, which echoes fewer members. Pure.
 */

import { type JobDescription } from "@/lib/aws/job-requests";
import { actionToJobType, isOneOf, JOB_ACTIONS, type JobType } from "@/lib/glacier/job-types";
import { type JobRecord } from "./repository";

export type RerunValues = { type: JobType; values: Record<string, unknown> };

export function rerunValues(
  record: Pick<JobRecord, "jobType" | "parameters"> | undefined,
  described: JobDescription | undefined,
  vaultName: string,
): RerunValues | null {
  if (record) {
    const { Type: _type, ...members } = record.parameters;
    return { type: record.jobType, values: { vault: vaultName, ...members } };
  }
  if (!described || !isOneOf(JOB_ACTIONS, described.action)) return null;
  const type = actionToJobType(described.action);
  const size = described.archiveSizeInBytes;
  // DescribeJob shows `0-(size-1)` for a whole-archive job; the wizard leaves that range empty.
  const whole = size !== null && described.retrievalByteRange === `0-${size - 1}`;
  const values: Record<string, unknown> = {
    vault: vaultName,
    ArchiveId: described.archiveId ?? "",
    RetrievalByteRange: type === "archive-retrieval" && !whole ? (described.retrievalByteRange ?? "") : "",
    Tier: described.tier ?? "",
    Description: described.description ?? "",
    SNSTopic: described.snsTopic ?? "",
  };
  return { type, values };
}
