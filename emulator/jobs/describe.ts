import { isTreeHashAligned } from "../../lib/glacier/byte-range";
import { isoMillis } from "../rules/dates";
import { type InventoryJobParams, type JobRecord, type SelectJobParams } from "./types";

/** [D] examples: "Operation in progress." while running, "Succeeded" when done. */
const IN_PROGRESS_MESSAGE = "Operation in progress.";

export function vaultArnFor(region: string, accountId: string, vaultName: string): string {
  return `arn:aws:glacier:${region}:${accountId}:vaults/${vaultName}`;
}

export function isInventoryJob(job: JobRecord): job is JobRecord & { params: InventoryJobParams } {
  return job.action === "InventoryRetrieval";
}

export function isSelectJob(job: JobRecord): job is JobRecord & { params: SelectJobParams } {
  return job.action === "Select";
}

/** The archive job's retrieved range; null for inventory and select jobs. */
export function retrievedRange(job: JobRecord): { start: number; end: number } | null {
  if (job.rangeStart === null || job.rangeEnd === null) return null;
  return { start: job.rangeStart, end: job.rangeEnd };
}

/**
 * SHA256TreeHash of the retrieved range (§4): the archive's own hash for a whole-archive job, the
 * prepared hash for a tree-hash-aligned sub-range, otherwise null; null until the job succeeded.
 */
function retrievedTreeHash(job: JobRecord): string | null {
  const range = retrievedRange(job);
  if (job.status !== "Succeeded" || range === null || job.archiveSize === null) return null;
  if (range.start === 0 && range.end === job.archiveSize - 1) return job.archiveTreeHash;
  if (!isTreeHashAligned(range, job.archiveSize)) return null;
  return job.prepared?.treeHash ?? null;
}

function inventoryParameters(job: JobRecord) {
  if (!isInventoryJob(job)) return null;
  const p = job.params.InventoryRetrievalParameters;
  return {
    Format: job.params.Format,
    StartDate: p.StartDate,
    EndDate: p.EndDate,
    Limit: p.Limit,
    // The next page's marker, known once the job succeeded (null: nothing left).
    Marker: job.status === "Succeeded" ? (job.prepared?.nextMarker ?? null) : null,
  };
}

/**
 * GlacierJobDescription (glacier-api.md §4), the body of DescribeJob, the items of ListJobs and the
 * SNS message: every key present, `null` where it does not apply.
 */
export function describeJob(job: JobRecord, vaultArn: string) {
  const archiveJob = job.action === "ArchiveRetrieval";
  const range = retrievedRange(job);
  const select = isSelectJob(job) ? job.params : null;
  return {
    JobId: job.id,
    JobDescription: job.description,
    Action: job.action,
    ArchiveId: job.archiveId,
    VaultARN: vaultArn,
    CreationDate: job.createdAt,
    Completed: job.status !== "InProgress",
    StatusCode: job.status,
    StatusMessage: job.status === "InProgress" ? IN_PROGRESS_MESSAGE : job.statusMessage,
    ArchiveSizeInBytes: archiveJob ? job.archiveSize : null,
    InventorySizeInBytes:
      job.action === "InventoryRetrieval" && job.status === "Succeeded"
        ? (job.prepared?.outputSize ?? null)
        : null,
    SNSTopic: job.snsTopic,
    CompletionDate: job.completedMs === null ? null : isoMillis(new Date(job.completedMs)),
    SHA256TreeHash: archiveJob ? retrievedTreeHash(job) : null,
    ArchiveSHA256TreeHash: archiveJob ? job.archiveTreeHash : null,
    RetrievalByteRange: archiveJob && range ? `${range.start}-${range.end}` : null,
    Tier: job.tier,
    InventoryRetrievalParameters: inventoryParameters(job),
    JobOutputPath: select?.JobOutputPath ?? null,
    SelectParameters: select?.SelectParameters ?? null,
    OutputLocation: select?.OutputLocation ?? null,
  };
}

export type JobDescription = ReturnType<typeof describeJob>;
