import "server-only";
import { auditJobSubmission } from "@/lib/audit";
import { initiateJob } from "@/lib/aws/job-requests";
import { inTransaction } from "@/lib/db";
import { archiveCostUsd } from "@/lib/glacier/plan-form";
import { estimateJobCost } from "@/lib/glacier/pricing";
import { submitJob, type SubmitJobOutcome } from "@/lib/jobs";
import { getConfig } from "@/lib/config";
import { log } from "@/lib/log";
import { DEFAULT_BACKOFF, nextCheckAt, planJobDescription, type TickContext } from "./context";
import { schedulePending } from "./schedule-items";
import {
  bytesInitiatedOn,
  countersOf,
  getPlanRow,
  itemsIn,
  type PlanItemRow,
  updateItem,
  updatePlanRow,
} from "./store";

/**
 * Glacier's "not now" refusals (4xx: the request was turned away, no job exists): the archive stays
 * pending and the plan waits (doubling), instead of failing. InitiateJob is sent once, so these
 * arrive here unretried. A 5xx (ServiceUnavailableException included) is not among them: it may
 * come after the job was made, so lib/jobs reports it as uncertain and it is reconciled (track.ts).
 */
const BACKOFF_CODES = new Set([
  "ThrottlingException",
  "RequestLimitExceeded",
  "LimitExceededException",
  "InsufficientCapacityException",
  "PolicyEnforcedException",
  "SlowDown",
  "TooManyRequestsException",
]);

// Per process: a restarted worker simply starts again from the shortest wait.
const backoffs = new Map<string, number>();

/**
 * Initiations a plan may still send now: a bucket per plan (per process, like the backoff) refilled
 * at the rate and holding at most one step's worth, so a step after a pause sends no burst.
 */
const allowances = new Map<string, { tokens: number; at: number }>();

function initiationsAllowed(ctx: TickContext): number {
  const rate = ctx.options.initiationsPerSecond ?? getConfig().plans.initiationsPerSecond;
  const now = ctx.now.getTime();
  const last = allowances.get(ctx.plan.id);
  const most = rate * Math.max(1, getConfig().plans.tickMs / 1000);
  const tokens = last ? Math.min(most, last.tokens + ((now - last.at) / 1000) * rate) : most;
  allowances.set(ctx.plan.id, { tokens, at: now });
  return Math.floor(tokens);
}

function spendInitiation(ctx: TickContext): void {
  const bucket = allowances.get(ctx.plan.id);
  if (bucket) bucket.tokens -= 1;
}

/** The idempotency key of one attempt at one archive: the same attempt is never initiated twice. */
export function planJobKey(planId: string, archiveId: string, attempt: number): string {
  return `plan:${planId}:${archiveId}:${attempt}`;
}

async function backOff(ctx: TickContext, reason: string): Promise<void> {
  const { min, max } = ctx.options.backoffMs ?? DEFAULT_BACKOFF;
  const wait = Math.min(max, backoffs.has(ctx.plan.id) ? (backoffs.get(ctx.plan.id) ?? min) * 2 : min);
  backoffs.set(ctx.plan.id, wait);
  await updatePlanRow(ctx.db, ctx.plan.id, {
    next_run_at: new Date(ctx.now.getTime() + wait).toISOString(),
    last_error: reason,
  });
  log().info({ planId: ctx.plan.id, waitMs: wait, reason }, "plan backs off");
}

/** Bytes initiated on the current UTC day (the daily byte budget's measure): one ledger row. */
function bytesInitiatedToday(ctx: TickContext): Promise<number> {
  return bytesInitiatedOn(ctx.db, ctx.plan.id, ctx.now);
}

/** Records an answered or uncertain InitiateJob: the item is in flight and its estimate is spent. */
async function markRequested(
  ctx: TickContext,
  item: PlanItemRow,
  jobRecordId: string,
  glacierJobId: string | null,
  cost: number,
) {
  const now = ctx.now.toISOString();
  await inTransaction(ctx.db, async (trx) => {
    const changed = await updateItem(
      trx,
      item,
      {
        status: "requested",
        job_record_id: jobRecordId,
        glacier_job_id: glacierJobId,
        requested_at: now,
        cost_usd: cost,
        next_check_at: nextCheckAt(ctx, now),
        error: null,
      },
      ["pending"],
      ctx.plan.lease_epoch,
    );
    if (changed)
      await trx
        .updateTable("plans")
        .set((eb) => ({
          spent_usd: eb("spent_usd", "+", cost),
          last_error: null,
          next_run_at: null,
          updated_at: now,
        }))
        .where("id", "=", ctx.plan.id)
        .execute();
  });
}

/**
 * InitiateJob for one attempt at one item, through lib/jobs (idempotency, Jobs page), audited as the
 * plan's creator when, and only when, a request actually went to Glacier: an attempt whose claim
 * already existed (answered, in progress or uncertain) sends nothing and logs nothing.
 */
async function submitItem(ctx: TickContext, item: PlanItemRow, size: number): Promise<SubmitJobOutcome> {
  const { db, plan, target } = ctx;
  const parameters = {
    Type: "archive-retrieval" as const,
    ArchiveId: item.archive_id,
    Tier: plan.tier,
    Description: planJobDescription(plan.id, item.archive_id, item.attempts),
  };
  const estimate = estimateJobCost(
    { jobType: "archive-retrieval", tier: plan.tier, retrievedBytes: size },
    ctx.pricing,
  );
  let sent = false;
  const outcome = await submitJob(
    {
      target,
      idempotencyKey: planJobKey(plan.id, item.archive_id, item.attempts),
      vaultName: plan.vault_name,
      parameters,
      estimate,
      submittedBy: plan.created_by,
    },
    {
      db,
      initiate: (...args) => {
        sent = true;
        return initiateJob(...args);
      },
    },
  );
  if (sent)
    await auditJobSubmission(
      {
        actor: plan.created_by ? { id: null, email: plan.created_by } : null,
        connectionId: target.id,
        vaultName: plan.vault_name,
        parameters,
        estimate,
        result: outcome,
        context: {
          plan: {
            id: plan.id,
            name: plan.name,
            archiveId: item.archive_id,
            attempt: item.attempts,
            jobRecordId: outcome.job.id,
          },
        },
      },
      { db },
    );
  return outcome;
}

/**
 * Phase 3: initiates the next archives in order while there is room in flight, money under the cap
 * and bytes in the daily budget. The cap stops the plan ("capped") before the archive that would
 * pass it; an archive larger than the whole daily budget starts alone on an otherwise empty day.
 */
export async function initiateWave(ctx: TickContext): Promise<void> {
  const { db, plan, pricing } = ctx;
  if (plan.next_run_at && plan.next_run_at > ctx.now.toISOString()) return;
  const row = await getPlanRow(db, plan.id);
  if (!row) return;
  const { counts } = countersOf(row);
  const slots = plan.max_in_flight - (counts.requested + counts.copying);
  const room = Math.min(slots, initiationsAllowed(ctx));
  if (room <= 0) return;
  // The next items in order are written to plan_items as they are reached (schedule-items.ts).
  await schedulePending(db, row, room, plan.lease_epoch);
  const pending = await itemsIn(db, plan.id, ["pending"]).limit(room).execute();
  let spent = plan.spent_usd;
  let today = plan.daily_byte_budget === null ? 0 : await bytesInitiatedToday(ctx);
  let status = plan.status;
  for (const item of pending) {
    if (ctx.signal.aborted) return;
    const size = Number(item.size);
    const cost = archiveCostUsd(size, plan.tier, pricing);
    // A hair of tolerance: sums of floating-point estimates must not cap a plan that fits exactly.
    if (spent + cost > plan.cap_usd + 1e-9) {
      if (status !== "capped") await updatePlanRow(db, plan.id, { status: "capped" });
      return;
    }
    if (status === "capped") {
      await updatePlanRow(db, plan.id, { status: "running" });
      status = "running";
    }
    const budget = plan.daily_byte_budget === null ? null : Number(plan.daily_byte_budget);
    if (budget !== null && today > 0 && today + size > budget) return;
    const outcome = await submitItem(ctx, item, size);
    spendInitiation(ctx);
    if (outcome.kind === "failed") {
      if (BACKOFF_CODES.has(outcome.failure.code))
        return backOff(ctx, `${outcome.failure.code}: ${outcome.failure.message}`);
      await updateItem(
        db,
        item,
        {
          status: "failed",
          job_record_id: outcome.job.id,
          error: `${outcome.failure.code}: ${outcome.failure.message}`,
        },
        ["pending"],
        ctx.plan.lease_epoch,
      );
      continue;
    }
    backoffs.delete(plan.id);
    // "in-progress": the claim is still `submitting`, yet only the lease holder initiates and it
    // awaits every InitiateJob it sends, so the claim was left by a step that died (or lost the lease)
    // mid-call. Its job may exist: like an unanswered call it is paid for now and reconciled in
    // ListJobs (track.ts). Waiting for the claim to go stale instead held the whole wave back.
    await markRequested(
      ctx,
      item,
      outcome.job.id,
      outcome.kind === "submitted" ? outcome.glacierJobId : null,
      cost,
    );
    spent += cost;
    today += size;
  }
}
