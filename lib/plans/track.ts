import "server-only";
import { type GlacierJobDescription } from "@aws-sdk/client-glacier";
import { AwsOperationError } from "@/lib/aws/errors";
import { listVaultJobs, mapBounded } from "@/lib/aws/jobs";
import { inTransaction } from "@/lib/db";
import { adoptListedJob, describeAndRecordJob, jobSubmissionStates, JobNotFoundError } from "@/lib/jobs";
import { log } from "@/lib/log";
import {
  legacyPlanJobDescription,
  nextCheckAt,
  planJobDescription,
  RECONCILE_WINDOW_MS,
  type TickContext,
} from "./context";
import { planJobKey } from "./initiate";
import { adoptLateJobs, LATE_LISTING_MS, lateJobsDue } from "./late-jobs";
import { BACK_TO_PENDING, itemsIn, type PlanItemRow, updateItem } from "./store";

/**
 * How long before its output window closes an output not yet fully copied is requested again (also
 * mid-copy: the copy then resumes from the new job's output at its first missing chunk). Five hours
 * is the figure AWS's own vault-to-S3 transfer guidance works with
 * (docs.aws.amazon.com/solutions/latest/data-transfer-from-amazon-s3-glacier-vaults-to-amazon-s3/):
 * a Standard retrieval takes 3–5 hours, so the new output is ready before the old one is gone.
 */
export const REREQUEST_MARGIN_MS = 5 * 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;
const CHECKS_PER_STEP = 200;

type InFlight = PlanItemRow & {
  job_submission_status: string | null;
  job_status_code: string | null;
  job_completion_date: string | null;
  job_glacier_id: string | null;
  job_created_at: string | null;
};

/** Back to pending, but a copy's upload and chunks stay: the next output resumes them. */
const { upload_id: _keptUpload, ...BACK_KEEPING_UPLOAD } = BACK_TO_PENDING;

/**
 * Back to pending with the next attempt number: a new idempotency key, so a new job, and the old one
 * (expired, gone, or never created) is never re-sent. `refund` returns the estimate of a job that
 * turned out not to exist — as far as ListJobs showed: the plan then looks for it for LATE_LISTING_MS
 * more (late-jobs.ts), and counts it again if it turns up.
 */
export async function requestAgain(
  ctx: TickContext,
  item: PlanItemRow,
  reason: string,
  refund = false,
): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const changed = await updateItem(
      trx,
      item,
      { ...BACK_KEEPING_UPLOAD, attempts: item.attempts + 1, error: reason },
      ["requested", "copying"],
      ctx.plan.lease_epoch,
    );
    if (changed && refund)
      await trx
        .updateTable("plans")
        .set((eb) => ({
          spent_usd: eb("spent_usd", "-", item.cost_usd ?? 0),
          late_jobs_until: new Date(ctx.now.getTime() + LATE_LISTING_MS).toISOString(),
        }))
        .where("id", "=", item.plan_id)
        .execute();
  });
}

function completed(
  ctx: TickContext,
  item: PlanItemRow,
  completionDate: string | null,
  expiresAt: string | null,
) {
  const done = completionDate ?? ctx.now.toISOString();
  return updateItem(
    ctx.db,
    item,
    {
      job_completed_at: done,
      expires_at: expiresAt ?? new Date(Date.parse(done) + DAY_MS).toISOString(),
      next_check_at: null,
    },
    ["requested"],
    ctx.plan.lease_epoch,
  );
}

/** Asks DescribeJob about the item again later (the backoff of nextCheckAt). */
function checkLater(ctx: TickContext, item: InFlight): Promise<boolean> {
  const changes = { next_check_at: nextCheckAt(ctx, item.requested_at) };
  return updateItem(ctx.db, item, changes, ["requested"], ctx.plan.lease_epoch);
}

/** DescribeJob (recorded for the Jobs page too) and what it means for the item. */
async function describe(ctx: TickContext, item: InFlight): Promise<void> {
  const { db, target, plan } = ctx;
  if (item.job_status_code === "Succeeded" && item.job_completion_date) {
    // Already known (an SNS message or the Jobs page's poll): no call needed.
    await completed(ctx, item, item.job_completion_date, null);
    return;
  }
  try {
    const d = await describeAndRecordJob(target, plan.vault_name, item.glacier_job_id ?? "", { db });
    if (d.statusCode === "Succeeded") await completed(ctx, item, d.completionDate, d.expiresAt);
    else if (d.statusCode === "Failed")
      await updateItem(
        db,
        item,
        { status: "failed", error: `Glacier failed the job: ${d.statusMessage ?? "no reason given"}` },
        ["requested"],
        ctx.plan.lease_epoch,
      );
    else await checkLater(ctx, item);
  } catch (error) {
    if (error instanceof JobNotFoundError)
      return requestAgain(ctx, item, "Glacier no longer knows the job; requested again.");
    if (!(error instanceof AwsOperationError)) throw error;
    log().warn(
      { planId: plan.id, archiveId: item.archive_id, code: error.failure.code },
      "DescribeJob failed; checking later",
    );
    await checkLater(ctx, item);
  }
}

/** Whether a listed job is the one this item's unanswered InitiateJob would have made. */
function isAttemptsJob(ctx: TickContext, item: InFlight, job: GlacierJobDescription): boolean {
  if (job.Action !== "ArchiveRetrieval" || job.ArchiveId !== item.archive_id || !job.JobId) return false;
  if (job.JobDescription === planJobDescription(ctx.plan.id, item.archive_id, item.attempts)) return true;
  // Sent before descriptions named the attempt: the plan's id alone, so only a job younger than the claim.
  return (
    job.JobDescription === legacyPlanJobDescription(ctx.plan.id) &&
    (job.CreationDate ?? "") >= (item.job_created_at ?? "")
  );
}

/**
 * An item whose InitiateJob got no answer (lost, timed out, a 5xx, or its process died mid-call): the
 * job may exist, and its estimate is already counted. Adopt the job ListJobs shows for this plan,
 * archive and attempt, whenever it turns up. Only once it could no longer appear (RECONCILE_WINDOW_MS
 * after the claim) is the estimate given back and a new attempt allowed: never two jobs for one attempt,
 * never a second attempt while the first could still exist.
 */
async function reconcile(
  ctx: TickContext,
  item: InFlight,
  listed: () => Promise<GlacierJobDescription[]>,
): Promise<void> {
  const { db, target } = ctx;
  if (item.job_submission_status === "submitted" && item.job_glacier_id) {
    // The answer did arrive after all (a previous holder's call finished late).
    await updateItem(
      db,
      item,
      { glacier_job_id: item.job_glacier_id, next_check_at: null },
      ["requested"],
      ctx.plan.lease_epoch,
    );
    return;
  }
  const claimedAt = item.job_created_at ?? item.requested_at ?? ctx.now.toISOString();
  for (const job of await listed()) {
    if (!isAttemptsJob(ctx, item, job)) continue;
    const jobId = job.JobId ?? "";
    // The attempt's claim takes the job (also when a vault sync imported it first as started elsewhere).
    const key = planJobKey(ctx.plan.id, item.archive_id, item.attempts);
    const holder = await adoptListedJob(target.id, key, jobId, { db });
    if (holder === null) continue;
    await updateItem(
      db,
      item,
      { glacier_job_id: jobId, job_record_id: holder, next_check_at: null },
      ["requested"],
      ctx.plan.lease_epoch,
    );
    log().info(
      { planId: item.plan_id, archiveId: item.archive_id, attempt: item.attempts, jobId },
      "adopted the job of an unanswered InitiateJob",
    );
    return;
  }
  const window = ctx.options.reconcileWindowMs ?? RECONCILE_WINDOW_MS;
  if (ctx.now.getTime() - Date.parse(claimedAt) >= window) {
    await requestAgain(ctx, item, "InitiateJob got no answer and Glacier never listed such a job.", true);
    return;
  }
  // Not listed yet: look again later, less often as the claim ages (each look lists the vault's jobs).
  await updateItem(
    db,
    item,
    { next_check_at: nextCheckAt(ctx, claimedAt) },
    ["requested"],
    ctx.plan.lease_epoch,
  );
}

/** Phase 1: what became of the jobs in flight (due for a check), and outputs about to expire. */
export async function trackInFlight(ctx: TickContext): Promise<void> {
  const { db, plan, target } = ctx;
  const now = ctx.now.toISOString();
  const items = await itemsIn(db, plan.id, ["requested"])
    .where("job_completed_at", "is", null)
    .where((eb) => eb.or([eb("next_check_at", "is", null), eb("next_check_at", "<=", now)]))
    .limit(CHECKS_PER_STEP)
    .execute();
  // The job records are lib/jobs' table: read through its index, not joined here.
  const states = await jobSubmissionStates(
    items.flatMap((item) => (item.job_record_id === null ? [] : [item.job_record_id])),
    { db },
  );
  const due: InFlight[] = items.map((item) => {
    const job = item.job_record_id === null ? undefined : states.get(item.job_record_id);
    return {
      ...item,
      job_submission_status: job?.submissionStatus ?? null,
      job_status_code: job?.statusCode ?? null,
      job_completion_date: job?.completionDate ?? null,
      job_glacier_id: job?.glacierJobId ?? null,
      job_created_at: job?.createdAt ?? null,
    };
  });
  let jobs: Promise<GlacierJobDescription[]> | undefined;
  const listed = () => (jobs ??= listVaultJobs(target, plan.vault_name, { statuscode: undefined }));
  await mapBounded(due, 4, async (item) => {
    if (ctx.signal.aborted) return;
    if (item.glacier_job_id === null) await reconcile(ctx, item, listed);
    else await describe(ctx, item);
  });
  if (!ctx.signal.aborted && lateJobsDue(ctx, jobs !== undefined)) await adoptLateJobs(ctx, await listed());

  const closing = new Date(ctx.now.getTime() + REREQUEST_MARGIN_MS).toISOString();
  const expiring = await itemsIn(db, plan.id, ["requested", "copying"])
    .where("expires_at", "<", closing)
    .limit(CHECKS_PER_STEP)
    .execute();
  for (const item of expiring)
    await requestAgain(
      ctx,
      item,
      "Less than 5 hours of the output's 24-hour window were left before it was fully copied; requested again.",
    );
}
