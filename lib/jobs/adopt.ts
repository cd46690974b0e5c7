import "server-only";
import { dbOf, type DbOptions, inTransaction } from "@/lib/db";

/**
 * A claim whose InitiateJob answer was lost (or never recorded), matched with the job Glacier lists
 * for it. The claim (found by its idempotency key) records the job's id. If a vault sync saw the job
 * first and imported it as started elsewhere (no key), that record is the job's: it takes the claim's
 * key, estimate and submitter, and the claim, which never held a job id, goes — one record per job.
 * Returns the id of the record that now holds the job, or null when the key is unknown or the job is
 * held by another submission. Safe to repeat: a claim already holding the job is returned as it is.
 */
export async function adoptListedJob(
  connectionId: string,
  idempotencyKey: string,
  glacierJobId: string,
  options: DbOptions = {},
): Promise<string | null> {
  const db = await dbOf(options);
  return inTransaction(db, async (trx) => {
    const claim = await trx
      .selectFrom("jobs")
      .selectAll()
      .where("connection_id", "=", connectionId)
      .where("idempotency_key", "=", idempotencyKey)
      .executeTakeFirst();
    if (!claim) return null;
    if (claim.glacier_job_id === glacierJobId) return claim.id;
    if (claim.glacier_job_id !== null) return null;
    const holder = await trx
      .selectFrom("jobs")
      .select(["id", "idempotency_key"])
      .where("connection_id", "=", connectionId)
      .where("glacier_job_id", "=", glacierJobId)
      .executeTakeFirst();
    const now = new Date().toISOString();
    if (!holder) {
      await trx
        .updateTable("jobs")
        .set({
          submission_status: "submitted",
          glacier_job_id: glacierJobId,
          status_code: "InProgress",
          updated_at: now,
        })
        .where("id", "=", claim.id)
        .execute();
      return claim.id;
    }
    if (holder.idempotency_key !== null) return null;
    // The claim goes first: the key is unique.
    await trx.deleteFrom("jobs").where("id", "=", claim.id).execute();
    await trx
      .updateTable("jobs")
      .set({
        idempotency_key: claim.idempotency_key,
        estimate: claim.estimate,
        estimate_usd: claim.estimate_usd,
        estimate_bytes: claim.estimate_bytes,
        estimate_basis: claim.estimate_basis,
        submitted_by: claim.submitted_by,
        submission_status: "submitted",
        updated_at: now,
      })
      .where("id", "=", holder.id)
      .execute();
    await trx.updateTable("job_tracking").set({ origin: "thaw" }).where("job_id", "=", holder.id).execute();
    return holder.id;
  });
}

/** The idempotency key (null: imported, started elsewhere) of each of these Glacier jobs Thaw knows. */
export async function keysOfGlacierJobs(
  connectionId: string,
  glacierJobIds: readonly string[],
  options: DbOptions = {},
): Promise<Map<string, string | null>> {
  const keys = new Map<string, string | null>();
  if (glacierJobIds.length === 0) return keys;
  const db = await dbOf(options);
  for (let i = 0; i < glacierJobIds.length; i += 500) {
    const rows = await db
      .selectFrom("jobs")
      .select(["glacier_job_id", "idempotency_key"])
      .where("connection_id", "=", connectionId)
      .where("glacier_job_id", "in", glacierJobIds.slice(i, i + 500))
      .execute();
    for (const row of rows) if (row.glacier_job_id) keys.set(row.glacier_job_id, row.idempotency_key);
  }
  return keys;
}
