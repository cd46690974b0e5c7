import "server-only";
import { randomUUID } from "node:crypto";
import { type Kysely } from "kysely";
import { recordAudit } from "@/lib/audit";
import { type AccountTarget } from "@/lib/aws/vaults";
import { getConfig } from "@/lib/config";
import { type Database, dbOf, inTransaction, isUniqueViolation } from "@/lib/db";
import { type PlanItemsTable, type PlansTable } from "@/lib/db/schema";
import { archiveCostUsd, type PlanForm, planLimitsOf, spendingCapProblem } from "@/lib/glacier/plan-form";
import { formatUsd } from "@/lib/glacier/pricing";
import { selectedArchives, selectionTotalsOf } from "@/lib/inventory";
import { destinationFor } from "./destinations";
import { PlanValidationError, refuseProblem } from "./errors";
import { objectKeyFor, orderPlanArchives } from "./ordering";
import { inventoryForPlan } from "./selection";
import { type PlanOptions, type PlanSummary, pricingOf, summariesOf } from "./store";

export type CreatePlanInput = { target: AccountTarget; form: PlanForm; createdBy: string | null };
export type CreatePlanOptions = PlanOptions & { exportRoots?: readonly string[] };

/** Rows per INSERT: 16 columns × 500 stays far below SQLite's and PostgreSQL's parameter limits. */
const INSERT_BATCH = 500;
const PLAN_KEY_INDEX = { name: "plans_plan_key_key", sqliteColumns: "plans.plan_key" };

async function planByKey(
  db: Kysely<Database>,
  planKey: string,
  options: PlanOptions,
): Promise<PlanSummary | null> {
  const row = await db.selectFrom("plans").selectAll().where("plan_key", "=", planKey).executeTakeFirst();
  return row ? ((await summariesOf(db, [row], pricingOf(options)))[0] ?? null) : null;
}

/**
 * Creates a plan, after refusing (PlanValidationError) anything that would fail later: an empty
 * selection, a cap at or below zero or below the cheapest archive, an inventory dated before an
 * archive it lists, a directory outside the export roots or not writable, a bucket missing or not
 * writable. Items are written in execution order with their object keys, in one transaction.
 * Idempotent per form (`planKey`).
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
  const totals = await selectionTotalsOf(db, inventory, form.selection);
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
  await destinationFor(form.destination, target, options.exportRoots ?? getConfig().plans.exportDirs).probe();

  const ordered = orderPlanArchives(
    await selectedArchives(db, inventory, form.selection),
    form.orderBy,
    form.prefix,
  );
  const keyPrefix = form.destination.kind === "s3" ? form.destination.prefix : "";
  const taken = new Set<string>();
  const now = new Date().toISOString();
  const id = randomUUID();
  const plan: PlansTable = {
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
  const items: PlanItemsTable[] = ordered.map((a, i) => ({
    plan_id: id,
    seq: i + 1,
    archive_id: a.archiveId,
    description: a.description,
    decoded_path: a.decodedPath,
    size: a.size,
    tree_hash: a.treeHash,
    creation_date: a.creationDate,
    object_key: objectKeyFor(a, keyPrefix, taken),
    status: "pending",
    job_record_id: null,
    glacier_job_id: null,
    attempts: 1,
    requested_at: null,
    job_completed_at: null,
    expires_at: null,
    next_check_at: null,
    upload_id: null,
    copied_at: null,
    verified_at: null,
    cost_usd: null,
    error: null,
    updated_at: now,
  }));
  try {
    await inTransaction(db, async (trx) => {
      await trx.insertInto("plans").values(plan).execute();
      for (let i = 0; i < items.length; i += INSERT_BATCH)
        await trx
          .insertInto("plan_items")
          .values(items.slice(i, i + INSERT_BATCH))
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
            archives: items.length,
            bytes: totals.bytes,
            ...limits,
            destination: form.destination,
          },
        },
        { db: trx },
      );
    });
  } catch (error) {
    // The same form posted twice at once: the other request created it.
    if (isUniqueViolation(error, PLAN_KEY_INDEX)) {
      const raced = await planByKey(db, form.planKey, options);
      if (raced) return raced;
    }
    throw error;
  }
  const [summary] = await summariesOf(db, [plan], pricing);
  if (!summary) throw new Error("the new plan could not be read back");
  return summary;
}
