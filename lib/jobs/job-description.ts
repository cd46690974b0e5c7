/**
 * A Glacier job description (glacier-api.md §4) as tracking reads it: from DescribeJob, ListJobs or an
 * SNS completion message (§9, the same JSON). Validates the untrusted shapes, derives what Thaw
 * stores (vault, sizes, expiry) and rebuilds the InitiateJob parameters of a job Thaw did not start,
 * so "run again" works for it too. Pure.
 */

import { z } from "zod";
import { retrievedByteCount } from "@/lib/glacier/byte-range";
import { type JobParametersBody } from "@/lib/glacier/schemas/job-common";
import {
  actionToJobType,
  isOneOf,
  JOB_ACTIONS,
  type JobType,
  STATUS_CODES,
  type StatusCode,
} from "@/lib/glacier/job-types";

/** Glacier keeps a completed job's output at least this long (§4 retention). */
export const OUTPUT_RETENTION_MS = 24 * 60 * 60 * 1000;

const nullableString = z.string().nullish();
const nullableNumber = z.number().nullish();

/** The members tracking relies on; anything else is kept verbatim in the stored JSON. */
const descriptionSchema = z.looseObject({
  JobId: z.string().min(1),
  Action: z.string(),
  VaultARN: z.string().min(1),
  StatusCode: z.string(),
  StatusMessage: nullableString,
  Completed: z.boolean().nullish(),
  CreationDate: nullableString,
  CompletionDate: nullableString,
  ArchiveId: nullableString,
  JobDescription: nullableString,
  Tier: nullableString,
  SNSTopic: nullableString,
  ArchiveSizeInBytes: nullableNumber,
  InventorySizeInBytes: nullableNumber,
  SHA256TreeHash: nullableString,
  ArchiveSHA256TreeHash: nullableString,
  RetrievalByteRange: nullableString,
  JobOutputPath: nullableString,
  InventoryRetrievalParameters: z.looseObject({ Format: nullableString }).nullish(),
  SelectParameters: z.unknown().optional(),
  OutputLocation: z.unknown().optional(),
});

export type RawJobDescription = z.infer<typeof descriptionSchema>;

export type TrackedDescription = {
  raw: RawJobDescription;
  jobId: string;
  vaultName: string;
  jobType: JobType;
  statusCode: StatusCode;
  statusMessage: string | null;
  creationDate: string | null;
  completionDate: string | null;
  /** ArchiveSizeInBytes (archive and select jobs) or InventorySizeInBytes. */
  sizeBytes: number | null;
  /** What GetJobOutput returns: the retrieved range's length, or the inventory's size; null for select. */
  outputSizeBytes: number | null;
  treeHash: string | null;
  archiveId: string | null;
  tier: string | null;
  description: string | null;
  /** CompletionDate + 24 h for a succeeded job with output; null otherwise. */
  expiresAt: string | null;
};

export type ParseDescriptionResult = { ok: true; value: TrackedDescription } | { ok: false; message: string };

/** `arn:aws:glacier:us-east-1:123456789012:vaults/photos` → `photos`. */
export function vaultNameFromArn(arn: string): string | null {
  const slash = arn.lastIndexOf(":vaults/");
  if (slash < 0) return null;
  const name = arn.slice(slash + ":vaults/".length);
  return name === "" || name.includes("/") ? null : name;
}

export function expiryOf(
  completionDate: string | null,
  statusCode: StatusCode,
  jobType: JobType,
): string | null {
  if (!completionDate || statusCode !== "Succeeded" || jobType === "select") return null;
  const at = Date.parse(completionDate);
  return Number.isNaN(at) ? null : new Date(at + OUTPUT_RETENTION_MS).toISOString();
}

/** Reads one description (an SDK object or parsed JSON); never throws. */
export function parseJobDescription(value: unknown): ParseDescriptionResult {
  const parsed = descriptionSchema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return {
      ok: false,
      message: `Not a Glacier job description: ${first ? `${first.path.join(".") || "value"}: ${first.message}` : "invalid"}`,
    };
  }
  // SDK outputs carry `$metadata` (request id, attempts): not part of Glacier's description.
  const raw = Object.fromEntries(
    Object.entries(parsed.data).filter(([key]) => !key.startsWith("$")),
  ) as RawJobDescription;
  if (!isOneOf(JOB_ACTIONS, raw.Action)) return { ok: false, message: `Unknown job Action "${raw.Action}"` };
  if (!isOneOf(STATUS_CODES, raw.StatusCode))
    return { ok: false, message: `Unknown job StatusCode "${raw.StatusCode}"` };
  const vaultName = vaultNameFromArn(raw.VaultARN);
  if (!vaultName) return { ok: false, message: `Cannot read a vault name from VaultARN "${raw.VaultARN}"` };
  const jobType = actionToJobType(raw.Action);
  const statusCode = raw.StatusCode;
  const sizeBytes = raw.ArchiveSizeInBytes ?? raw.InventorySizeInBytes ?? null;
  const outputSizeBytes =
    jobType === "archive-retrieval"
      ? retrievedByteCount(raw.RetrievalByteRange, raw.ArchiveSizeInBytes ?? null)
      : jobType === "inventory-retrieval"
        ? (raw.InventorySizeInBytes ?? null)
        : null;
  const completionDate = raw.CompletionDate ?? null;
  return {
    ok: true,
    value: {
      raw,
      jobId: raw.JobId,
      vaultName,
      jobType,
      statusCode,
      statusMessage: raw.StatusMessage ?? null,
      creationDate: raw.CreationDate ?? null,
      completionDate,
      sizeBytes,
      outputSizeBytes,
      treeHash: raw.SHA256TreeHash ?? null,
      archiveId: raw.ArchiveId ?? null,
      tier: raw.Tier ?? null,
      description: raw.JobDescription ?? null,
      expiresAt: expiryOf(completionDate, statusCode, jobType),
    },
  };
}

/** Keeps the members that were set: Glacier echoes absent ones as null. */
function present(members: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(members).filter(([, v]) => v !== null && v !== undefined && v !== ""),
  );
}

/**
 * The InitiateJob body that would repeat a job Thaw only saw described. A whole-archive range
 * (`0-(size-1)`) is left out, as the wizard does; an inventory's Marker is the *next* page's, not
 * the one sent, so it is left out too.
 */
export function parametersFromDescription(d: TrackedDescription): JobParametersBody {
  const { raw } = d;
  const common = { Description: raw.JobDescription, SNSTopic: raw.SNSTopic };
  if (d.jobType === "inventory-retrieval") {
    const p = raw.InventoryRetrievalParameters;
    const window = p ? present({ StartDate: p.StartDate, EndDate: p.EndDate, Limit: p.Limit }) : {};
    return {
      Type: "inventory-retrieval",
      ...present({ ...common, Format: p?.Format }),
      ...(Object.keys(window).length > 0 ? { InventoryRetrievalParameters: window } : {}),
    };
  }
  const whole =
    raw.ArchiveSizeInBytes != null && raw.RetrievalByteRange === `0-${raw.ArchiveSizeInBytes - 1}`;
  if (d.jobType === "archive-retrieval") {
    return {
      Type: "archive-retrieval",
      ...present({
        ArchiveId: raw.ArchiveId,
        Tier: raw.Tier,
        ...common,
        RetrievalByteRange: whole ? null : raw.RetrievalByteRange,
      }),
    };
  }
  return {
    Type: "select",
    ...present({ ArchiveId: raw.ArchiveId, Tier: raw.Tier, ...common }),
    ...present({ SelectParameters: raw.SelectParameters, OutputLocation: raw.OutputLocation }),
  };
}
