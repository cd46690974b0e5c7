import "server-only";
import { deletePlanChunks } from "./chunks/store";
import { type Kysely, sql, type Updateable } from "kysely";
import { type AuditActor, recordAudit } from "@/lib/audit";
import { type Database, dbOf, type DbOptions, inTransaction } from "@/lib/db";
import { type PlansTable } from "@/lib/db/schema";
import { dailyBudgetProblem, maxInFlightProblem, spendingCapProblem } from "@/lib/glacier/plan-form";
import { PlanStateError, refuseProblem } from "./errors";
import { abortUploads, type Upload, uploadsOf } from "./cancel-uploads";
import { type TickOptions } from "./context";
import { enqueuePlanStep } from "./schedule";
import {
  BACK_TO_PENDING,
  getPlanRowOrThrow,
  type ItemFilter,
  moveItems,
  PERSON,
  type PlanRow,
  type PlanStatus,
  updatePlanRow,
} from "./store";

/** The person's controls over a running plan. Each change and its audit entry commit together. */

export type ControlOptions = DbOptions & { actor?: AuditActor };
/** A cancel reaches the plan's destination (to abort its unfinished uploads) as a step would. */
export type CancelOptions = ControlOptions & Pick<TickOptions, "resolveTarget" | "exportRoots">;

async function change(
  planId: string,
  options: ControlOptions,
  what: string,
  decide: (row: PlanRow) => Updateable<PlansTable>,
  details: Record<string, unknown> = {},
  /** More work in the same transaction (e.g. settling the items a cancel leaves). */
  alsoInTransaction: (trx: Kysely<Database>) => Promise<void> = async () => undefined,
): Promise<void> {
  const db = await dbOf(options);
  await inTransaction(db, async (trx) => {
    const row = await getPlanRowOrThrow(trx, planId);
    const changes = decide(row);
    await updatePlanRow(trx, planId, changes);
    await alsoInTransaction(trx);
    const before = { from: row.status, previousCapUsd: row.cap_usd };
    await auditChange(trx, row, options, { change: what, ...before, ...details, ...changes });
  });
}

/** The audit entry of a plan change, written in the change's own transaction. */
function auditChange(
  trx: Kysely<Database>,
  row: PlanRow,
  options: ControlOptions,
  details: Record<string, unknown>,
): Promise<void> {
  return recordAudit(
    {
      action: "plan.change",
      outcome: "success",
      actor: options.actor ?? null,
      connectionId: row.connection_id,
      target: row.id,
      details,
    },
    { db: trx },
  );
}

const FINAL: readonly PlanStatus[] = ["cancelled", "completed"];

function refuseFinal(row: PlanRow, action: string): void {
  if (FINAL.includes(row.status)) throw new PlanStateError(`A ${row.status} plan cannot be ${action}.`);
}

/**
 * No new jobs until resumed. Jobs already in flight are still tracked and their outputs copied and
 * verified: they are paid for, and an output left uncopied would expire 24 h after completion.
 */
export function pausePlan(planId: string, options: ControlOptions = {}): Promise<void> {
  return change(planId, options, "pause", (row) => {
    refuseFinal(row, "paused");
    return { status: "paused" };
  });
}

/** Running again; a plan at its cap goes back to "capped" at the worker's next step. */
export function resumePlan(planId: string, options: ControlOptions = {}): Promise<void> {
  return change(
    planId,
    options,
    "resume",
    (row) => {
      refuseFinal(row, "resumed");
      return { status: "running", next_run_at: null };
    },
    {},
    (trx) => enqueuePlanStep(planId, trx),
  );
}

export const CANCELLED_IN_FLIGHT =
  "The plan was cancelled before this archive's output was copied and verified (Glacier still ran the job).";

/**
 * Stops for good: nothing more is initiated or copied (jobs Glacier already runs cannot be cancelled).
 * Archives caught in flight become failed with a reason, so the plan's counts settle instead of
 * showing them in flight forever; a worker mid-copy then finds its item changed and writes nothing.
 */
export async function cancelPlan(planId: string, options: CancelOptions = {}): Promise<void> {
  let uploads: Upload[] = [];
  await change(
    planId,
    options,
    "cancel",
    (row) => {
      if (row.status === "completed") throw new PlanStateError("A completed plan cannot be cancelled.");
      // The plan's fence moves: a task under way writes nothing more (its epoch is stale), and the
      // tasks still queued find the plan cancelled and do nothing.
      return {
        status: "cancelled",
        lease_owner: null,
        lease_expires_at: null,
        lease_epoch: row.lease_epoch + 1,
      };
    },
    {},
    async (trx) => {
      uploads = await uploadsOf(trx, planId);
      await moveItems(
        trx,
        planId,
        ["requested", "copying", "copied"],
        { status: "failed", error: CANCELLED_IN_FLIGHT, upload_id: null },
        PERSON,
      );
      await deletePlanChunks(trx, planId);
    },
  );
  await abortUploads(planId, uploads, options);
}

export type LimitsPatch = { capUsd?: number; maxInFlight?: number; dailyByteBudget?: number | null };

function checkLimits(patch: LimitsPatch): void {
  if (patch.capUsd !== undefined) refuseProblem(spendingCapProblem(patch.capUsd), "capUsd");
  if (patch.maxInFlight !== undefined) refuseProblem(maxInFlightProblem(patch.maxInFlight), "maxInFlight");
  // Shown on the limits form's field, which asks for GiB.
  if (patch.dailyByteBudget !== undefined)
    refuseProblem(dailyBudgetProblem(patch.dailyByteBudget, "bytes"), "dailyByteBudgetGiB");
}

/** New limits; raising the cap of a capped plan sets it running (the worker caps it again if needed). */
export function updatePlanLimits(
  planId: string,
  patch: LimitsPatch,
  options: ControlOptions = {},
): Promise<void> {
  checkLimits(patch);
  return change(
    planId,
    options,
    "limits",
    (row) => {
      refuseFinal(row, "changed");
      const changes: Updateable<PlansTable> = {};
      if (patch.capUsd !== undefined) changes.cap_usd = patch.capUsd;
      if (patch.maxInFlight !== undefined) changes.max_in_flight = patch.maxInFlight;
      if (patch.dailyByteBudget !== undefined)
        changes.daily_byte_budget = patch.dailyByteBudget === null ? null : Math.round(patch.dailyByteBudget);
      if (row.status === "capped" && patch.capUsd !== undefined && patch.capUsd > row.cap_usd)
        changes.status = "running";
      return changes;
    },
    {},
    (trx) => enqueuePlanStep(planId, trx),
  );
}

/**
 * Failed items go again. One whose job's output is still within its window (it failed while copying:
 * a full disk, a destination that refused its parts) is copied again from that output: Glacier is not
 * paid twice for it. The others go back to pending with a new attempt number (so a new idempotency
 * key: the failed job is never re-sent, a new one is initiated). A completed plan runs again.
 * Returns how many.
 */
export async function retryFailedItems(planId: string, options: ControlOptions = {}): Promise<number> {
  const db = await dbOf(options);
  let retried = 0;
  await inTransaction(db, async (trx) => {
    const row = await getPlanRowOrThrow(trx, planId);
    if (row.status === "cancelled") throw new PlanStateError("A cancelled plan cannot retry items.");
    const now = new Date().toISOString();
    const outputUsable: ItemFilter = (eb) =>
      eb.and([
        eb("glacier_job_id", "is not", null),
        eb("job_completed_at", "is not", null),
        eb("expires_at", ">", now),
      ]);
    // Its job and output kept; the next step starts its copy afresh (or requests it again if the
    // window is closing, as for any output).
    const recopied = await moveItems(
      trx,
      planId,
      ["failed"],
      { status: "requested", upload_id: null, next_check_at: null, error: null },
      PERSON,
      outputUsable,
    );
    retried =
      recopied +
      (await moveItems(
        trx,
        planId,
        ["failed"],
        { ...BACK_TO_PENDING, attempts: sql<number>`attempts + 1`, error: null },
        PERSON,
      ));
    if (retried > 0 && row.status === "completed") await updatePlanRow(trx, planId, { status: "running" });
    if (retried > 0) await enqueuePlanStep(planId, trx);
    await auditChange(trx, row, options, { change: "retry-failed", items: retried });
  });
  return retried;
}
