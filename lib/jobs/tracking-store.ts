import "server-only";
import { randomUUID } from "node:crypto";
import { type Kysely } from "kysely";
import { type Database, dbOf, type DbOptions, inTransaction } from "@/lib/db";
import { type JobsTable, type JobTrackingTable } from "@/lib/db/schema";
import { parametersFromDescription, type TrackedDescription } from "./job-description";

/**
 * Writes what Glacier says about jobs into `jobs` + `job_tracking`: the one path for ListJobs (sync),
 * DescribeJob (poll) and SNS notifications, so all three agree. History is never deleted: a job
 * Glacier stopped listing only gets `gone_at`.
 */

export type StoreOptions = DbOptions & { now?: Date };

type Existing = {
  id: string;
  status_code: string | null;
  status_message: string | null;
  completion_date: string | null;
  size_bytes: number | null;
  sha256_tree_hash: string | null;
  tracked: string | null;
  gone_at: string | null;
  last_description: string | null;
};

export type RecordOutcome = { imported: string[]; updated: string[]; deferred: string[] };

const CHUNK = 200;

function statusColumns(d: TrackedDescription, now: string): Partial<JobsTable> {
  return {
    status_code: d.statusCode,
    status_message: d.statusMessage,
    glacier_creation_date: d.creationDate,
    completion_date: d.completionDate,
    size_bytes: d.sizeBytes,
    sha256_tree_hash: d.treeHash,
    last_described_at: now,
  };
}

function trackingColumns(d: TrackedDescription, now: string): Omit<JobTrackingTable, "job_id" | "origin"> {
  return {
    last_description: JSON.stringify(d.raw),
    archive_description: null,
    output_size_bytes: d.outputSizeBytes,
    expires_at: d.expiresAt,
    gone_at: null,
    // A finished job needs no more DescribeJob calls.
    next_check_at: d.statusCode === "InProgress" ? now : null,
    check_interval_ms: null,
    output_downloaded_at: null,
    output_verified: null,
    output_verified_at: null,
    output_tree_hash: null,
    updated_at: now,
  };
}

function changed(e: Existing, d: TrackedDescription): boolean {
  return (
    e.tracked === null ||
    e.gone_at !== null ||
    e.last_description === null ||
    e.status_code !== d.statusCode ||
    e.status_message !== d.statusMessage ||
    e.completion_date !== d.completionDate ||
    e.size_bytes !== d.sizeBytes ||
    e.sha256_tree_hash !== d.treeHash
  );
}

/**
 * A finished job never runs again: an InProgress description of a job Thaw knows finished (an SNS
 * message that arrived before a listing caught up) is stale, not news.
 */
function regresses(e: Existing, d: TrackedDescription): boolean {
  return (e.status_code === "Succeeded" || e.status_code === "Failed") && d.statusCode === "InProgress";
}

async function loadExisting(
  db: Kysely<Database>,
  connectionId: string,
  jobIds: string[],
): Promise<Map<string, Existing>> {
  const rows = await db
    .selectFrom("jobs")
    .leftJoin("job_tracking", "job_tracking.job_id", "jobs.id")
    .select([
      "jobs.id",
      "jobs.glacier_job_id",
      "jobs.status_code",
      "jobs.status_message",
      "jobs.completion_date",
      "jobs.size_bytes",
      "jobs.sha256_tree_hash",
      "job_tracking.job_id as tracked",
      "job_tracking.gone_at",
      "job_tracking.last_description",
    ])
    .where("jobs.connection_id", "=", connectionId)
    .where("jobs.glacier_job_id", "in", jobIds)
    .execute();
  return new Map(rows.map((r) => [r.glacier_job_id ?? "", r]));
}

async function update(trx: Kysely<Database>, e: Existing, d: TrackedDescription, now: string): Promise<void> {
  await trx
    .updateTable("jobs")
    .set({ ...statusColumns(d, now), updated_at: now })
    .where("id", "=", e.id)
    .execute();
  const t = trackingColumns(d, now);
  await trx
    .insertInto("job_tracking")
    .values({ job_id: e.id, origin: "thaw", ...t })
    .onConflict((oc) =>
      oc.column("job_id").doUpdateSet({
        last_description: t.last_description,
        output_size_bytes: t.output_size_bytes,
        expires_at: t.expires_at,
        gone_at: null,
        next_check_at: t.next_check_at,
        updated_at: now,
      }),
    )
    .execute();
}

/** A job started elsewhere (CLI, another tool), seen for the first time. */
async function importJob(
  trx: Kysely<Database>,
  connectionId: string,
  d: TrackedDescription,
  now: string,
): Promise<boolean> {
  const id = randomUUID();
  const parameters = parametersFromDescription(d);
  const inserted = await trx
    .insertInto("jobs")
    .values({
      id,
      connection_id: connectionId,
      idempotency_key: null,
      vault_name: d.vaultName,
      job_type: d.jobType,
      glacier_job_id: d.jobId,
      location: null,
      output_path: d.raw.JobOutputPath ?? null,
      parameters: JSON.stringify(parameters),
      archive_id: d.archiveId,
      tier: d.tier,
      description: d.description,
      estimate: null,
      submission_status: "submitted",
      submission_error: null,
      submitted_by: null,
      ...statusColumns(d, now),
      status_code: d.statusCode,
      created_at: d.creationDate ?? now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(["connection_id", "glacier_job_id"]).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
  await trx
    .insertInto("job_tracking")
    .values({ job_id: id, origin: "imported", ...trackingColumns(d, now) })
    .execute();
  return true;
}

/** Vaults with a submission between its claim and Glacier's answer: a listed job may be that one. */
async function vaultsWithOpenClaims(db: Kysely<Database>, connectionId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom("jobs")
    .select("vault_name")
    .distinct()
    .where("connection_id", "=", connectionId)
    .where("submission_status", "=", "submitting")
    .execute();
  return new Set(rows.map((r) => r.vault_name));
}

/**
 * Records descriptions of one connection's jobs. Unknown jobs are imported, except in a vault where
 * a Thaw submission is still waiting for InitiateJob's answer: that job may be the one being
 * submitted, and importing it would take the job id the submission is about to record. The next
 * sync imports it if it was not.
 */
export async function recordDescriptions(
  connectionId: string,
  descriptions: readonly TrackedDescription[],
  options: StoreOptions = {},
): Promise<RecordOutcome> {
  const db = await dbOf(options);
  const now = (options.now ?? new Date()).toISOString();
  const outcome: RecordOutcome = { imported: [], updated: [], deferred: [] };
  if (descriptions.length === 0) return outcome;
  const claimed = await vaultsWithOpenClaims(db, connectionId);
  for (let i = 0; i < descriptions.length; i += CHUNK) {
    const chunk = descriptions.slice(i, i + CHUNK);
    await inTransaction(db, async (trx) => {
      const existing = await loadExisting(
        trx,
        connectionId,
        chunk.map((d) => d.jobId),
      );
      const unchanged: string[] = [];
      for (const d of chunk) {
        const e = existing.get(d.jobId);
        if (e && regresses(e, d)) {
          unchanged.push(e.id);
        } else if (e && changed(e, d)) {
          await update(trx, e, d, now);
          outcome.updated.push(d.jobId);
        } else if (e) {
          unchanged.push(e.id);
        } else if (claimed.has(d.vaultName)) {
          outcome.deferred.push(d.jobId);
        } else if (await importJob(trx, connectionId, d, now)) {
          outcome.imported.push(d.jobId);
        }
      }
      // Seen again, nothing new: note when, without counting it as a change for the live feed.
      if (unchanged.length > 0) {
        await trx.updateTable("jobs").set({ last_described_at: now }).where("id", "in", unchanged).execute();
      }
    });
  }
  return outcome;
}

/** Sets tracking columns of one job (creating its tracking row) and marks the job changed for the live feed. */
export async function updateTracking(
  jobId: string,
  changes: Partial<Omit<JobTrackingTable, "job_id" | "updated_at">>,
  options: StoreOptions = {},
): Promise<void> {
  const db = await dbOf(options);
  const now = (options.now ?? new Date()).toISOString();
  await inTransaction(db, async (trx) => {
    await trx
      .insertInto("job_tracking")
      .values({
        job_id: jobId,
        origin: "thaw",
        last_description: null,
        archive_description: null,
        output_size_bytes: null,
        expires_at: null,
        gone_at: null,
        next_check_at: null,
        check_interval_ms: null,
        output_downloaded_at: null,
        output_verified: null,
        output_verified_at: null,
        output_tree_hash: null,
        ...changes,
        updated_at: now,
      })
      .onConflict((oc) => oc.column("job_id").doUpdateSet({ ...changes, updated_at: now }))
      .execute();
    await trx.updateTable("jobs").set({ updated_at: now }).where("id", "=", jobId).execute();
  });
}

/**
 * After a complete, unfiltered listing of `vaultName`: finished jobs Glacier no longer lists are gone
 * (their output expired). In-progress ones are left to DescribeJob, which can tell.
 */
export async function markUnlistedGone(
  connectionId: string,
  vaultName: string,
  listedJobIds: ReadonlySet<string>,
  options: StoreOptions = {},
): Promise<string[]> {
  const db = await dbOf(options);
  const candidates = await db
    .selectFrom("jobs")
    .leftJoin("job_tracking", "job_tracking.job_id", "jobs.id")
    .select(["jobs.id", "jobs.glacier_job_id"])
    .where("jobs.connection_id", "=", connectionId)
    .where("jobs.vault_name", "=", vaultName)
    .where("jobs.glacier_job_id", "is not", null)
    .where("jobs.completion_date", "is not", null)
    .where("job_tracking.gone_at", "is", null)
    .execute();
  const gone = candidates.filter((c) => c.glacier_job_id !== null && !listedJobIds.has(c.glacier_job_id));
  const now = (options.now ?? new Date()).toISOString();
  for (const g of gone)
    await updateTracking(g.id, { gone_at: now, next_check_at: null }, { db, now: options.now });
  return gone.map((g) => g.glacier_job_id ?? "");
}
