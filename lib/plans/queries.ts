import "server-only";
import { archivesInOrder } from "./schedule-items";
import {
  countersOf,
  getPlanRow,
  type ItemStatus,
  itemsTotal,
  itemsUnscheduled,
  type PlanOptions,
  pricingOf,
} from "./store";
import {
  type PlanItemView,
  type PlanSummary,
  summariesOf,
  toItemView,
  unscheduledItemView,
} from "./plan-views";
import { dbOf } from "@/lib/db";

/** The connection's plans, newest first. */
export async function listPlans(connectionId: string, options: PlanOptions = {}): Promise<PlanSummary[]> {
  const db = await dbOf(options);
  const rows = await db
    .selectFrom("plans")
    .selectAll()
    .where("connection_id", "=", connectionId)
    .orderBy("created_at", "desc")
    .orderBy("id")
    .execute();
  return summariesOf(rows, pricingOf(options));
}

export async function getPlan(planId: string, options: PlanOptions = {}): Promise<PlanSummary | null> {
  const db = await dbOf(options);
  const row = await getPlanRow(db, planId);
  return row ? (summariesOf([row], pricingOf(options))[0] ?? null) : null;
}

const MAX_PAGE = 1000;

/**
 * One page of a plan's archives in execution order, optionally of one status. Items are read by seq
 * (1 … n without gaps, so a page starts at its seq, no OFFSET walk); the archives the plan has not
 * reached yet (not in plan_items, schedule-items.ts) follow as pending rows without a key.
 */
export async function listPlanItems(
  planId: string,
  filter: { status?: ItemStatus | undefined; offset: number; limit: number },
  options: PlanOptions = {},
): Promise<{ items: PlanItemView[]; total: number }> {
  const db = await dbOf(options);
  const plan = await getPlanRow(db, planId);
  if (!plan) return { items: [], total: 0 };
  const limit = Math.min(Math.max(Math.trunc(filter.limit), 1), MAX_PAGE);
  const offset = Math.max(Math.trunc(filter.offset), 0);
  const { counts } = countersOf(plan);
  const scheduled = Number(plan.items_scheduled);
  const unscheduled = itemsUnscheduled(plan);
  const status = filter.status;
  // The total comes from the plan row's counters: no count over millions of items per page view.
  const total = status !== undefined ? counts[status] : itemsTotal(plan);
  // How many of the listed archives are in plan_items (the rest, pending, are not reached yet).
  const written =
    status === undefined ? scheduled : status === "pending" ? counts.pending - unscheduled : total;
  const items =
    offset >= written
      ? []
      : await (
          status === undefined
            ? db.selectFrom("plan_items").selectAll().where("plan_id", "=", planId).where("seq", ">", offset)
            : db
                .selectFrom("plan_items")
                .selectAll()
                .where("plan_id", "=", planId)
                .where("status", "=", status)
                .offset(offset)
        )
          .orderBy("seq")
          .limit(limit)
          .execute();
  const views = items.map(toItemView);
  const more = limit - views.length;
  if (more > 0 && unscheduled > 0 && (status === undefined || status === "pending")) {
    const after = scheduled + Math.max(0, offset - written);
    views.push(...(await archivesInOrder(db, plan, after, more)).map(unscheduledItemView));
  }
  return { items: views, total };
}
