import "server-only";
import { type Kysely, type Selectable } from "kysely";
import { getConfig } from "@/lib/config";
import { type Database, type DbOptions } from "@/lib/db";
import { type PlanItemsTable, type PlanItemStatusColumn, type PlansTable } from "@/lib/db/schema";
import { type PlanDestination, type PlanOrder, type PlanTier } from "@/lib/glacier/plan-form";
import { PLAN_ITEM_STATES } from "@/lib/glacier/plan-item-states";
import { BYTES_PER_GB, type PricingTable } from "@/lib/glacier/pricing";
import { PlanNotFoundError } from "./errors";

/**
 * Plan rows and their views. `plans` and `plan_items` belong to lib/plans: its files (creation, the
 * tick's phases, controls, the manifest) read and write them, through these row types and helpers;
 * nothing outside lib/plans touches them.
 */

export type PlanOptions = DbOptions & { pricing?: PricingTable };

export type PlanRow = Selectable<PlansTable>;
export type PlanItemRow = Selectable<PlanItemsTable>;
export type ItemStatus = PlanItemStatusColumn;
export type PlanStatus = PlansTable["status"];

export const ITEM_STATUSES = PLAN_ITEM_STATES satisfies readonly ItemStatus[];

export type PlanSummary = {
  id: string;
  name: string;
  connectionId: string;
  vaultName: string;
  inventoryId: string;
  status: PlanStatus;
  tier: PlanTier;
  capUsd: number;
  spentUsd: number;
  /** Spent so far plus the estimate of every archive not yet initiated. */
  projectedUsd: number;
  maxInFlight: number;
  dailyByteBudget: number | null;
  orderBy: PlanOrder;
  destination: PlanDestination;
  createdAt: string;
  createdBy: string | null;
  lastError: string | null;
  counts: Record<ItemStatus, number>;
  bytes: { total: number; copied: number; verified: number };
};

export type PlanItemView = {
  archiveId: string;
  objectKey: string;
  size: number;
  status: ItemStatus;
  attempts: number;
  glacierJobId: string | null;
  error: string | null;
  updatedAt: string;
};

export function pricingOf(options: { pricing?: PricingTable }): PricingTable {
  return options.pricing ?? getConfig().pricing;
}

export function parseDestination(text: string): PlanDestination {
  return JSON.parse(text) as PlanDestination;
}

export async function getPlanRow(db: Kysely<Database>, planId: string): Promise<PlanRow | undefined> {
  return db.selectFrom("plans").selectAll().where("id", "=", planId).executeTakeFirst();
}

export async function getPlanRowOrThrow(db: Kysely<Database>, planId: string): Promise<PlanRow> {
  const row = await getPlanRow(db, planId);
  if (!row) throw new PlanNotFoundError(planId);
  return row;
}

export async function updatePlanRow(
  db: Kysely<Database>,
  planId: string,
  changes: Partial<Omit<PlansTable, "id">>,
): Promise<void> {
  await db
    .updateTable("plans")
    .set({ ...changes, updated_at: new Date().toISOString() })
    .where("id", "=", planId)
    .execute();
}

/**
 * An item going back to pending for a new attempt drops everything tied to the old job: its record,
 * Glacier id, output window, next check and multipart upload. Callers add the attempt number and error.
 */
export const BACK_TO_PENDING = {
  status: "pending",
  job_record_id: null,
  glacier_job_id: null,
  job_completed_at: null,
  expires_at: null,
  next_check_at: null,
  upload_id: null,
} as const satisfies Partial<PlanItemsTable>;

/** Changes one item, only if it is still in `from` (a lost race changes nothing); true when it did. */
export async function updateItem(
  db: Kysely<Database>,
  item: Pick<PlanItemRow, "plan_id" | "archive_id">,
  changes: Partial<Omit<PlanItemsTable, "plan_id" | "archive_id">>,
  from?: readonly ItemStatus[],
): Promise<boolean> {
  const result = await db
    .updateTable("plan_items")
    .set({ ...changes, updated_at: new Date().toISOString() })
    .where("plan_id", "=", item.plan_id)
    .where("archive_id", "=", item.archive_id)
    .$if(from !== undefined, (q) => q.where("status", "in", from ?? []))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

type StatusTotals = { status: ItemStatus; n: unknown; bytes: unknown };

async function statusTotals(db: Kysely<Database>, planIds: string[]): Promise<Map<string, StatusTotals[]>> {
  const rows = await db
    .selectFrom("plan_items")
    .select((eb) => ["plan_id", "status", eb.fn.countAll().as("n"), eb.fn.sum<number>("size").as("bytes")])
    .where("plan_id", "in", planIds)
    .groupBy(["plan_id", "status"])
    .execute();
  const byPlan = new Map<string, StatusTotals[]>();
  for (const r of rows) byPlan.set(r.plan_id, [...(byPlan.get(r.plan_id) ?? []), r]);
  return byPlan;
}

function toSummary(row: PlanRow, totals: readonly StatusTotals[], pricing: PricingTable): PlanSummary {
  const counts = Object.fromEntries(ITEM_STATUSES.map((s) => [s, 0])) as Record<ItemStatus, number>;
  const bytesOf = Object.fromEntries(ITEM_STATUSES.map((s) => [s, 0])) as Record<ItemStatus, number>;
  for (const t of totals) {
    counts[t.status] = Number(t.n);
    bytesOf[t.status] = Number(t.bytes ?? 0);
  }
  const prices = pricing.tiers[row.tier];
  const pendingUsd =
    counts.pending * prices.perRequest.usd + (bytesOf.pending / BYTES_PER_GB) * prices.retrievalPerGb.usd;
  const total = ITEM_STATUSES.reduce((sum, s) => sum + bytesOf[s], 0);
  return {
    id: row.id,
    name: row.name,
    connectionId: row.connection_id,
    vaultName: row.vault_name,
    inventoryId: row.inventory_id,
    status: row.status,
    tier: row.tier,
    capUsd: row.cap_usd,
    spentUsd: row.spent_usd,
    projectedUsd: row.spent_usd + pendingUsd,
    maxInFlight: row.max_in_flight,
    dailyByteBudget: row.daily_byte_budget === null ? null : Number(row.daily_byte_budget),
    orderBy: row.order_by,
    destination: parseDestination(row.destination),
    createdAt: row.created_at,
    createdBy: row.created_by,
    lastError: row.last_error,
    counts,
    bytes: {
      total,
      copied: bytesOf.copied + bytesOf.verified + bytesOf.deleted,
      verified: bytesOf.verified + bytesOf.deleted,
    },
  };
}

export async function summariesOf(
  db: Kysely<Database>,
  rows: readonly PlanRow[],
  pricing: PricingTable,
): Promise<PlanSummary[]> {
  if (rows.length === 0) return [];
  const totals = await statusTotals(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toSummary(r, totals.get(r.id) ?? [], pricing));
}

export function toItemView(row: PlanItemRow): PlanItemView {
  return {
    archiveId: row.archive_id,
    objectKey: row.object_key,
    size: Number(row.size),
    status: row.status,
    attempts: row.attempts,
    glacierJobId: row.glacier_job_id,
    error: row.error,
    updatedAt: row.updated_at,
  };
}

/** Items in any of `statuses`, in execution order. */
export function itemsIn(db: Kysely<Database>, planId: string, statuses: readonly ItemStatus[]) {
  return db
    .selectFrom("plan_items")
    .selectAll()
    .where("plan_id", "=", planId)
    .where("status", "in", statuses)
    .orderBy("seq");
}

export async function countItems(
  db: Kysely<Database>,
  planId: string,
  statuses: readonly ItemStatus[],
): Promise<number> {
  const row = await db
    .selectFrom("plan_items")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("plan_id", "=", planId)
    .where("status", "in", statuses)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
