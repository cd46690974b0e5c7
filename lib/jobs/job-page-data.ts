import "server-only";
import { AwsOperationError } from "@/lib/aws/errors";
import { findJobVault } from "@/lib/aws/jobs";
import { getConfig } from "@/lib/config";
import { dbOf } from "@/lib/db";
import { type JobCost } from "@/lib/glacier/job-cost";
import { type CatalogArchiveFacts, findCatalogArchive, inventoryOfJob } from "@/lib/inventory";
import type { ActiveTarget } from "@/lib/session";
import { costOf, getJobRow, type JobRowData, statusOf } from "./job-rows";
import { inventoryFormatOf, type NamingFacts, outputFileName } from "./output";
import { retrievalRangeOf } from "./retrieved-size";
import { describeTrackedJob, JobNotFoundError } from "./poll";
import {
  listSelectResults,
  previewSelectResult,
  readSelectManifests,
  selectLocationOf,
} from "./select-output";
import { storedTasksOfJob } from "./output-progress";
import { tasksOfJob } from "./tasks";
import { jobTimeline } from "./timeline";
import { recordDescriptions } from "./tracking-store";
import {
  type OutputView,
  type SelectManifests,
  type SelectObject,
  type TaskProgress,
  type TimelineEvent,
} from "./view-types";

/**
 * Everything a job page shows, as plain data: Thaw's record, Glacier's last description (kept current
 * by the connection's vault sync while the job runs; kept after Glacier forgets the job), the
 * timeline, the output and its tasks.
 */

export type JobPageData = {
  row: JobRowData;
  /** Glacier's last GlacierJobDescription, every field as sent. */
  description: Record<string, unknown> | null;
  timeline: TimelineEvent[];
  output: OutputView;
  tasks: TaskProgress[];
  /** The stored estimate, worded as on the list and the overview. */
  cost: JobCost;
  /** The job's archive as the vault's catalog knows it (name, size, date), when it lists it. */
  archive: CatalogArchiveFacts | null;
};

/** A job the page may show: Thaw's record. */
export type ResolvedJob = { row: JobRowData };

/**
 * The job Thaw records, importing it first when Glacier knows it and Thaw did not; null when nobody
 * knows it. A job Thaw has costs one query: the page decides its 404 with this before it streams.
 */
export async function resolveJob(active: ActiveTarget, glacierJobId: string): Promise<ResolvedJob | null> {
  const row = await getJobRow(active.connection.id, glacierJobId);
  if (row) return { row };
  const vaultName = await findJobVault(active.target, glacierJobId).catch(() => undefined);
  if (!vaultName) return null;
  try {
    await recordDescriptions(active.connection.id, [
      await describeTrackedJob(active.target, vaultName, glacierJobId),
    ]);
  } catch (error) {
    if (error instanceof JobNotFoundError || error instanceof AwsOperationError) return null;
    throw error;
  }
  const imported = await getJobRow(active.connection.id, glacierJobId);
  return imported ? { row: imported } : null;
}

function namingOf(row: JobRowData): NamingFacts {
  return {
    jobType: row.job_type === "inventory-retrieval" ? "inventory-retrieval" : "archive-retrieval",
    vaultName: row.vault_name,
    archiveId: row.archive_id,
    glacierJobId: row.glacier_job_id ?? "",
    archiveDescription: row.archive_description,
    mappedName: row.mapped_name,
    completionDate: row.completion_date,
    inventoryFormat: inventoryFormatOf(row),
    retrieval: retrievalRangeOf(row),
  };
}

/** The result part to preview: the manifest's first non-empty one; without a manifest, the first CSV seen. */
function previewKey(objects: SelectObject[], manifests: SelectManifests): string | undefined {
  if (manifests.state === "succeeded") {
    const sizes = new Map(objects.map((o) => [o.key, o.size]));
    return manifests.results.find((k) => (sizes.get(k) ?? 1) > 0) ?? manifests.results[0];
  }
  if (manifests.state === "failed") return undefined;
  return (
    objects.find((o) => /\/results\//.test(o.key) && o.size > 0) ??
    objects.find((o) => o.key.endsWith(".csv"))
  )?.key;
}

async function selectOutput(active: ActiveTarget, row: JobRowData): Promise<OutputView> {
  const location = selectLocationOf(row.parameters, row.output_path, row.glacier_job_id ?? "");
  if (!location)
    return { kind: "unavailable", reason: "failed", message: "The job's output location could not be read." };
  const view = { kind: "select" as const, bucket: location.bucket, prefix: location.prefix };
  try {
    const objects = await listSelectResults(active.target, location);
    const manifests = await readSelectManifests(active.target, location, objects);
    const key = previewKey(objects, manifests);
    const preview = key ? await previewSelectResult(active.target, location, key) : null;
    return { ...view, objects, manifests, preview, failure: null };
  } catch (error) {
    if (!(error instanceof AwsOperationError)) throw error;
    return { ...view, objects: [], manifests: null, preview: null, failure: error.failure };
  }
}

async function outputOf(
  active: ActiveTarget,
  row: JobRowData,
  now: number,
  inventoryId: string | null,
): Promise<OutputView> {
  const status = statusOf(row);
  // A failed Select job leaves its error object and error_manifest.txt in S3: show them.
  if (status === "Failed" && row.job_type === "select") return selectOutput(active, row);
  if (status === "Failed")
    return { kind: "unavailable", reason: "failed", message: row.status_message ?? "The job failed." };
  if (status !== "Succeeded")
    return {
      kind: "unavailable",
      reason: "running",
      message: "The output is ready once Glacier completes the job.",
    };
  if (row.job_type === "select") return selectOutput(active, row);
  const expired = row.gone_at !== null || (row.expires_at !== null && Date.parse(row.expires_at) <= now);
  if (row.job_type === "inventory-retrieval" && inventoryId) {
    return { kind: "inventory", href: "", fileName: "", size: row.output_size_bytes ?? 0, inventoryId };
  }
  if (expired) {
    return {
      kind: "unavailable",
      reason: "expired",
      message:
        "The output expired: Glacier keeps it 24 hours after the job completes. Request the data again to get a new copy.",
    };
  }
  const href = `/api/jobs/${encodeURIComponent(row.glacier_job_id ?? "")}/output`;
  const fileName = outputFileName(namingOf(row));
  const size = row.output_size_bytes ?? 0;
  if (row.job_type === "inventory-retrieval")
    return { kind: "inventory", href, fileName, size, inventoryId: null };
  return {
    kind: "archive",
    href,
    fileName,
    size,
    expectedTreeHash: row.sha256_tree_hash,
    computedTreeHash: row.output_tree_hash,
    verified: row.output_verified,
    downloadedAt: row.output_downloaded_at,
    synologyMappingFor: row.vault_name.endsWith("_mapping")
      ? row.vault_name.slice(0, -"_mapping".length)
      : null,
  };
}

function parseDescription(text: string | null): Record<string, unknown> | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/**
 * The rest of a resolved job's page, from the database (a running job is kept current by the
 * connection's vault sync, which the page's live feed asks for); a Select job's S3 output is listed.
 */
export async function loadJobPage(
  active: ActiveTarget,
  { row }: ResolvedJob,
  now = Date.now(),
): Promise<JobPageData> {
  const inventory =
    row.job_type === "inventory-retrieval" && row.glacier_job_id !== null
      ? await inventoryOfJob(active.connection.id, row.glacier_job_id)
      : null;
  const timeline = jobTimeline(
    {
      createdAt: row.created_at,
      glacierCreationDate: row.glacier_creation_date,
      imported: row.origin === "imported",
      statusCode: row.status_code,
      statusMessage: row.status_message,
      completionDate: row.completion_date,
      downloadedAt: row.output_downloaded_at,
      verified: row.output_verified,
      verifiedAt: row.output_verified_at,
      inventoryImportedAt: inventory?.importedAt ?? null,
      expiresAt: row.expires_at,
      goneAt: row.gone_at,
    },
    now,
  );
  return {
    row,
    description: parseDescription(row.last_description),
    timeline,
    output: await outputOf(active, row, now, inventory?.id ?? null),
    tasks: [...tasksOfJob(row.id), ...(await storedTasksOfJob(await dbOf({}), row.id))],
    cost: costOf(row, getConfig().pricing),
    archive: row.archive_id
      ? await findCatalogArchive(active.connection.id, row.vault_name, row.archive_id)
      : null,
  };
}
