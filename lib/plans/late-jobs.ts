import "server-only";
import { type GlacierJobDescription } from "@aws-sdk/client-glacier";
import { inTransaction } from "@/lib/db";
import { archiveCostUsd } from "@/lib/glacier/plan-form";
import { adoptListedJob, keysOfGlacierJobs } from "@/lib/jobs";
import { log } from "@/lib/log";
import { nextCheckAt, planJobAttempt, type TickContext } from "./context";
import { planJobKey } from "./initiate";
import { type PlanItemRow, updateItem } from "./store";

/**
 * How long after an attempt is given up its job may still be listed: a job is listed while it runs
 * (up to 48 hours for a Bulk retrieval from Deep Archive) and at least 24 hours after it completes
 * (docs.aws.amazon.com/amazonglacier/latest/dev/api-jobs-get.html: "Amazon S3 Glacier retains
 * recently completed jobs for a period before deleting them"; a job id is valid ≥ 24 h after
 * completion, api-describe-job-get.html).
 */
export const LATE_LISTING_MS = 72 * 60 * 60_000;
/** ListJobs is walked for such jobs at most this often (and whenever a step lists anyway). */
const LATE_CHECK_EVERY_MS = 30 * 60_000;
const lateChecked = new Map<string, number>();

/** Whether this step looks for the jobs of given-up attempts (plans.late_jobs_until, migration 0017). */
export function lateJobsDue(ctx: TickContext, listedAnyway: boolean): boolean {
  const until = ctx.plan.late_jobs_until;
  if (until === null || until < ctx.now.toISOString()) return false;
  const last = lateChecked.get(ctx.plan.id);
  return listedAnyway || last === undefined || ctx.now.getTime() - last >= LATE_CHECK_EVERY_MS;
}

/**
 * The job of an attempt given up on (no answer, not listed within the reconciliation window) that
 * Glacier lists after all: it was paid, so it is adopted — recorded under that attempt's claim
 * (lib/jobs) and its estimate counted in the plan's spend again, in one transaction, so once only.
 * An archive still waiting for its next attempt takes that job as its own instead of paying again;
 * otherwise it stays a second job of the archive, tracked on the Jobs page and counted.
 */
async function adoptLate(ctx: TickContext, item: PlanItemRow, jobId: string, attempt: number): Promise<void> {
  const { db, plan, target } = ctx;
  const cost = archiveCostUsd(Number(item.size), plan.tier, ctx.pricing);
  const now = ctx.now.toISOString();
  const key = planJobKey(plan.id, item.archive_id, attempt);
  const used = await inTransaction(db, async (trx) => {
    const holder = await adoptListedJob(target.id, key, jobId, { db: trx });
    if (holder === null) return null;
    const takes = await updateItem(
      trx,
      item,
      {
        status: "requested",
        job_record_id: holder,
        glacier_job_id: jobId,
        requested_at: now,
        cost_usd: cost,
        next_check_at: nextCheckAt(ctx, now),
        error: null,
      },
      ["pending"],
      plan.lease_epoch,
    );
    await trx
      .updateTable("plans")
      .set((eb) => ({ spent_usd: eb("spent_usd", "+", cost), updated_at: now }))
      .where("id", "=", plan.id)
      .execute();
    return takes;
  });
  if (used === null) return;
  log().warn(
    { planId: plan.id, archiveId: item.archive_id, attempt, jobId, usedForArchive: used },
    "a job listed after its attempt was given up: adopted and counted",
  );
}

/** Phase 1, when due: the plan's listed jobs of given-up attempts not yet adopted. */
export async function adoptLateJobs(
  ctx: TickContext,
  listed: readonly GlacierJobDescription[],
): Promise<void> {
  const { db, plan, target } = ctx;
  lateChecked.set(plan.id, ctx.now.getTime());
  const own = listed.flatMap((job) => {
    const named = job.Action === "ArchiveRetrieval" ? planJobAttempt(plan.id, job.JobDescription) : null;
    return named && job.JobId && named.archiveId === job.ArchiveId ? [{ ...named, jobId: job.JobId }] : [];
  });
  const keys = await keysOfGlacierJobs(
    target.id,
    own.map((o) => o.jobId),
    { db },
  );
  for (const o of own) {
    if (ctx.signal.aborted) return;
    // Already the attempt's (answered, reconciled or adopted), or another submission's.
    if (keys.get(o.jobId) !== undefined && keys.get(o.jobId) !== null) continue;
    // Not indexed by archive (0010): a scan of the plan's items, for the rare job nobody holds.
    const item = await db
      .selectFrom("plan_items")
      .selectAll()
      .where("plan_id", "=", plan.id)
      .where("archive_id", "=", o.archiveId)
      .executeTakeFirst();
    // The item's current attempt is reconcile's (track.ts) while its window lasts.
    if (!item || item.attempts <= o.attempt) continue;
    await adoptLate(ctx, item, o.jobId, o.attempt);
  }
}
