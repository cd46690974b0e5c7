import "server-only";
import { countersOf, getPlanRow, type ItemStatus, type PlanOptions, pricingOf } from "./store";
import { type PlanItemView, type PlanSummary, summariesOf, toItemView } from "./plan-views";
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

/** One page of a plan's items in execution order, optionally of one status. */
export async function listPlanItems(
  planId: string,
  filter: { status?: ItemStatus | undefined; offset: number; limit: number },
  options: PlanOptions = {},
): Promise<{ items: PlanItemView[]; total: number }> {
  const db = await dbOf(options);
  const base = db
    .selectFrom("plan_items")
    .where("plan_id", "=", planId)
    .$if(filter.status !== undefined, (q) => q.where("status", "=", filter.status ?? "pending"));
  const rows = await base
    .selectAll()
    .orderBy("seq")
    .limit(Math.min(Math.max(Math.trunc(filter.limit), 1), MAX_PAGE))
    .offset(Math.max(Math.trunc(filter.offset), 0))
    .execute();
  // The total comes from the plan row's counters: no count over millions of items per page view.
  const plan = await getPlanRow(db, planId);
  const counts = plan ? countersOf(plan).counts : null;
  const total = !counts
    ? 0
    : filter.status !== undefined
      ? counts[filter.status]
      : Object.values(counts).reduce((sum, n) => sum + n, 0);
  return { items: rows.map(toItemView), total };
}
