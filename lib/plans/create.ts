import "server-only";
import { randomUUID } from "node:crypto";
import { type Insertable, type Kysely } from "kysely";
import { recordAudit } from "@/lib/audit";
import { type AccountTarget } from "@/lib/aws/vaults";
import { getConfig } from "@/lib/config";
import { type Database, dbOf, inTransaction, isUniqueViolation } from "@/lib/db";
import { type PlansTable } from "@/lib/db/schema";
import { archiveCostUsd, type PlanForm, planLimitsOf, spendingCapProblem } from "@/lib/glacier/plan-form";
import { formatUsd } from "@/lib/glacier/pricing";
import { s3DestinationProblem, type S3Limits } from "@/lib/glacier/s3-part-size";
import { selectionSource, selectionTotalsOf } from "@/lib/inventory";
import { destinationFor } from "./destinations";
import { PlanValidationError, refuseProblem } from "./errors";
import { insertPlanOrder, truncateSqliteWal, withLargerSqliteCache } from "./plan-items-sql";
import { enqueuePlanStep } from "./schedule";
import { scheduleBatch, scheduleItems } from "./schedule-items";
import { inventoryForPlan } from "./selection";
import { PERSON, type PlanOptions, pricingOf } from "./store";
import { type PlanSummary, summariesOf } from "./plan-views";

export type CreatePlanInput = { target: AccountTarget; form: PlanForm; createdBy: string | null };
export type CreatePlanOptions = PlanOptions & {
  exportRoots?: readonly string[];
  /** Items written to plan_items at creation (default scheduleBatch()); the rest as the plan runs. */
  firstItems?: number;
  /** S3's limits (tests lower them to reach the 5 TiB object limit with small archives). */
  s3Limits?: S3Limits;
  /** Called as each phase of the creation ends, with its time (the bench prints them). */
  onPhase?: (phase: CreatePhase, ms: number) => void;
};
export type CreatePhase = "totals" | "order" | "first items" | "commit" | "checkpoint";

const PLAN_KEY_INDEX = { name: "plans_plan_key_key", sqliteColumns: "plans.plan_key" };

async function planByKey(
  db: Kysely<Database>,
  planKey: string,
  options: PlanOptions,
): Promise<PlanSummary | null> {
  const row = await db.selectFrom("plans").selectAll().where("plan_key", "=", planKey).executeTakeFirst();
  return row ? (summariesOf([row], pricingOf(options))[0] ?? null) : null;
}

function phaseTimer(onPhase: CreatePlanOptions["onPhase"]) {
  return async <T>(phase: CreatePhase, fn: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await fn();
    onPhase?.(phase, performance.now() - started);
    return result;
  };
}

/**
 * Creates a plan, after refusing (PlanValidationError) anything that would fail later: an empty
 * selection, a cap at or below zero or below the cheapest archive, an inventory dated before an
 * archive it lists, a directory outside the export roots or not writable, a bucket missing or not
 * writable. The execution order of every selected archive is written by the database (INSERT …
 * SELECT into plan_order), and the first items with their object keys, in one transaction; the
 * others are written as the plan reaches them (schedule-items.ts). Memory stays flat at any size,
 * and so does the time past the order's one sort. Idempotent per form (`planKey`).
 */
export async function createPlan(
  input: CreatePlanInput,
  options: CreatePlanOptions = {},
): Promise<PlanSummary> {
  const { target, form } = input;
  const db = await dbOf(options);
  const pricing = pricingOf(options);
  const existing = await planByKey(db, form.planKey, options);
  if (existing) return existing;

  const inventory = await inventoryForPlan(db, form.inventoryId);
  if (inventory.connection_id !== target.id)
    throw new PlanValidationError("That inventory belongs to another connection.", "inventoryId");
  const timed = phaseTimer(options.onPhase);
  const totals = await timed("totals", () => selectionTotalsOf(db, inventory, form.selection));
  if (totals.archives === 0 || totals.smallest === null)
    throw new PlanValidationError("The selection holds no archives.", "selection");
  const limits = planLimitsOf(form);
  const cheapest = archiveCostUsd(totals.smallest, limits.tier, pricing);
  refuseProblem(spendingCapProblem(limits.capUsd), "capUsd");
  if (limits.capUsd < cheapest)
    throw new PlanValidationError(
      `The cap ${formatUsd(limits.capUsd)} is below the cost of even the smallest selected archive (${formatUsd(cheapest)}).`,
      "capUsd",
    );
  if (inventory.inventory_date && totals.newestCreation && inventory.inventory_date < totals.newestCreation)
    throw new PlanValidationError(
      `The inventory (${inventory.inventory_date}) is older than an archive it lists (created ${totals.newestCreation}); import a current inventory.`,
      "inventoryId",
    );
  // An archive S3 cannot hold is refused now, never found mid-copy (the selection's largest decides).
  if (form.destination.kind === "s3")
    refuseProblem(
      s3DestinationProblem(
        { size: totals.largest, subject: "The largest selected archive" },
        options.s3Limits,
      ),
      "destination.bucket",
    );
  await destinationFor(form.destination, target, options.exportRoots ?? getConfig().plans.exportDirs).probe();

  const now = new Date().toISOString();
  const id = randomUUID();
  const plan: Insertable<PlansTable> = {
    id,
    plan_key: form.planKey,
    connection_id: target.id,
    vault_name: inventory.vault_name,
    inventory_id: inventory.id,
    name: form.name,
    tier: limits.tier,
    cap_usd: limits.capUsd,
    max_in_flight: limits.maxInFlight,
    daily_byte_budget: limits.dailyByteBudget,
    order_by: form.orderBy,
    prefix: form.prefix,
    destination: JSON.stringify(form.destination),
    status: "running",
    spent_usd: 0,
    created_by: input.createdBy,
    created_at: now,
    updated_at: now,
    lease_owner: null,
    lease_expires_at: null,
    next_run_at: null,
    last_error: null,
  };
  let committing = 0;
  try {
    await withLargerSqliteCache(db, () =>
      inTransaction(db, async (trx) => {
        await trx.insertInto("plans").values(plan).execute();
        // In the database: the selection is never loaded here, whatever its size (plan-items-sql.ts).
        const archives = await timed("order", () =>
          insertPlanOrder(trx, {
            planId: id,
            selection: selectionSource(trx, inventory, form.selection),
            order: form.orderBy,
            prefix: form.prefix,
          }),
        );
        await timed("first items", () =>
          scheduleItems(trx, id, options.firstItems ?? scheduleBatch(), PERSON),
        );
        await trx
          .updateTable("plans")
          .set({ items_pending: archives, bytes_pending: totals.bytes })
          .where("id", "=", id)
          .execute();
        await recordAudit(
          {
            action: "plan.create",
            outcome: "success",
            actor: input.createdBy ? { id: null, email: input.createdBy } : null,
            connectionId: target.id,
            target: id,
            details: {
              name: form.name,
              vault: inventory.vault_name,
              archives: totals.archives,
              bytes: totals.bytes,
              ...limits,
              destination: form.destination,
            },
          },
          { db: trx },
        );
        await enqueuePlanStep(id, trx);
        committing = performance.now();
      }),
    );
    options.onPhase?.("commit", performance.now() - committing);
    await timed("checkpoint", () => truncateSqliteWal(db));
  } catch (error) {
    // The same form posted twice at once: the other request created it.
    if (isUniqueViolation(error, PLAN_KEY_INDEX)) {
      const raced = await planByKey(db, form.planKey, options);
      if (raced) return raced;
    }
    throw error;
  }
  const created = await planByKey(db, form.planKey, options);
  if (!created) throw new Error("the new plan could not be read back");
  return created;
}
