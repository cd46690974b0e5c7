import "server-only";
import { BYTES_PER_GB, type PricingTable } from "@/lib/glacier/pricing";
import { type PlanDestination, type PlanOrder, type PlanTier } from "@/lib/glacier/plan-form";
import {
  ITEM_STATUSES,
  type ItemStatus,
  type PlanItemRow,
  type PlanRow,
  type PlanStatus,
  countersOf,
  parseDestination,
} from "./store";

/** What the pages show of plans and their items: built from the rows' counters, never a scan. */

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
  /** `verified` counts deleted items too; `awaitingDelete` is the bytes still `verified` only. */
  bytes: { total: number; copied: number; verified: number; awaitingDelete: number };
};

export type PlanItemView = {
  archiveId: string;
  /** Null for an archive the plan has not reached yet: its key is given then (schedule-items.ts). */
  objectKey: string | null;
  size: number;
  status: ItemStatus;
  attempts: number;
  glacierJobId: string | null;
  error: string | null;
  updatedAt: string | null;
};

function toSummary(row: PlanRow, pricing: PricingTable): PlanSummary {
  const { counts, bytes: bytesOf } = countersOf(row);
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
      awaitingDelete: bytesOf.verified,
    },
  };
}

/** Summaries from the plan rows alone: their counters, no scan of the items. */
export function summariesOf(rows: readonly PlanRow[], pricing: PricingTable): PlanSummary[] {
  return rows.map((r) => toSummary(r, pricing));
}

/** An archive the plan has not reached yet (only its place in plan_order): pending, no key. */
export function unscheduledItemView(row: { archive_id: string; size: number }): PlanItemView {
  return {
    archiveId: row.archive_id,
    objectKey: null,
    size: Number(row.size),
    status: "pending",
    attempts: 0,
    glacierJobId: null,
    error: null,
    updatedAt: null,
  };
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
