import "server-only";
import {
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type RawBuilder,
  type Selectable,
  sql,
  type SqlBool,
  type Updateable,
} from "kysely";
import { getConfig } from "@/lib/config";
import { type Database, type DbOptions, inTransaction } from "@/lib/db";
import { type PlanItemsTable, type PlanItemStatusColumn, type PlansTable } from "@/lib/db/schema";
import { type PlanDestination } from "@/lib/glacier/plan-form";
import { PLAN_ITEM_STATES } from "@/lib/glacier/plan-item-states";
import { type PricingTable } from "@/lib/glacier/pricing";
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
  changes: Omit<Updateable<PlansTable>, "id">,
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

/**
 * Who writes an item: the worker step holding the plan's lease, by the epoch it acquired
 * (`TickContext.plan.lease_epoch`), or a person's control (`PERSON`: cancel, retry, delete), which
 * holds no lease. A worker's write is refused once the lease changed hands (its epoch is stale).
 */
export type Fence = number | typeof PERSON;
export const PERSON = "person";

/**
 * The fence as a condition of any UPDATE of a plan's rows, in the same statement: true only while
 * the plan's lease epoch is still `fence` (always for PERSON). updateItem uses it; so should every
 * other write a worker makes to a plan's rows (chunk state too): `.where(leaseHeld(planId, fence))`.
 */
export function leaseHeld(planId: string, fence: Fence): RawBuilder<boolean> {
  return fence === PERSON
    ? sql<boolean>`1 = 1`
    : sql<boolean>`exists (select 1 from plans where plans.id = ${planId} and plans.lease_epoch = ${fence})`;
}

/** A narrower set of a plan's items (moveItems' `only`). */
export type ItemFilter = (eb: ExpressionBuilder<Database, "plan_items">) => Expression<SqlBool>;

type ItemChanges = Partial<Omit<PlanItemsTable, "plan_id" | "seq" | "archive_id">>;
type CounterColumn = `items_${ItemStatus}` | `bytes_${ItemStatus}`;

/** The plan row's counters moved by `n` items of `bytes` into (n > 0) or out of (n < 0) `status`. */
function counterShift(shifts: readonly { status: ItemStatus; n: number; bytes: number }[]) {
  const set: Partial<Record<CounterColumn, RawBuilder<number>>> = {};
  const add = (column: CounterColumn, by: number) => {
    const previous = set[column];
    set[column] = previous ? sql<number>`${previous} + ${by}` : sql<number>`${sql.ref(column)} + ${by}`;
  };
  for (const { status, n, bytes } of shifts) {
    add(`items_${status}`, n);
    add(`bytes_${status}`, bytes);
  }
  return set;
}

/**
 * Takes the plan row's lock for the rest of the transaction, and checks the fence: false when a
 * worker's epoch is stale. Every item status change locks the plan row first, so the counters
 * (also on the plan row) and a concurrent acquireLease are serialised with it on PostgreSQL.
 */
async function lockPlan(trx: Kysely<Database>, planId: string, fence: Fence): Promise<boolean> {
  const result = await trx
    .updateTable("plans")
    .set((eb) => ({ lease_epoch: eb.ref("lease_epoch") }))
    .where("id", "=", planId)
    .$if(fence !== PERSON, (q) => q.where("lease_epoch", "=", Number(fence)))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Moves the plan's schedule frontier (items_scheduled) from `from` to `to`, only if it is still at
 * `from` and the fence holds; true when it did. It locks the plan row for the rest of the
 * transaction, so two steps can never write the same items.
 */
export async function advanceSchedule(
  trx: Kysely<Database>,
  planId: string,
  from: number,
  to: number,
  fence: Fence,
): Promise<boolean> {
  const result = await trx
    .updateTable("plans")
    .set({ items_scheduled: to })
    .where("id", "=", planId)
    .where("items_scheduled", "=", from)
    .$if(fence !== PERSON, (q) => q.where("lease_epoch", "=", Number(fence)))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Every item of the plan, whatever its status (the counters' sum). */
export function itemsTotal(row: PlanRow): number {
  return ITEM_STATUSES.reduce((sum, s) => sum + Number(row[`items_${s}`]), 0);
}

/** Pending items not yet in plan_items (they wait in plan_order). */
export function itemsUnscheduled(row: PlanRow): number {
  return itemsTotal(row) - Number(row.items_scheduled);
}

/** The UTC day (YYYY-MM-DD) a time falls on: the daily byte budget's ledger key. */
export function utcDay(iso: string): string {
  return iso.slice(0, 10);
}

/** Adds bytes initiated on a UTC day to the plan's ledger (in the caller's transaction). */
async function addInitiatedBytes(trx: Kysely<Database>, planId: string, day: string, bytes: number) {
  await trx
    .insertInto("plan_daily_bytes")
    .values({ plan_id: planId, day, bytes })
    .onConflict((oc) =>
      oc
        .columns(["plan_id", "day"])
        .doUpdateSet((eb) => ({ bytes: eb("plan_daily_bytes.bytes", "+", bytes) })),
    )
    .execute();
}

/** Bytes the plan initiated on the UTC day of `now` (one row, whatever the plan's size). */
export async function bytesInitiatedOn(db: Kysely<Database>, planId: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom("plan_daily_bytes")
    .select("bytes")
    .where("plan_id", "=", planId)
    .where("day", "=", utcDay(now.toISOString()))
    .executeTakeFirst();
  return Number(row?.bytes ?? 0);
}

/**
 * Changes one item, only if it is still in `from` (a lost race changes nothing) and, for a worker,
 * only while the plan's lease epoch is still `fence` (a holder that lost its lease changes nothing);
 * true when it did. The item is found by its seq, the primary key's second half (migration 0010).
 * A status change moves the plan's counters (and, pending → requested, the daily
 * ledger) in the same transaction; any other change is one fenced statement.
 */
export async function updateItem(
  db: Kysely<Database>,
  item: Pick<PlanItemRow, "plan_id" | "seq">,
  changes: ItemChanges,
  from: readonly ItemStatus[] | undefined,
  fence: Fence,
): Promise<boolean> {
  const set = { ...changes, updated_at: new Date().toISOString() };
  const to = changes.status;
  if (to === undefined) {
    const result = await db
      .updateTable("plan_items")
      .set(set)
      .where("plan_id", "=", item.plan_id)
      .where("seq", "=", item.seq)
      .$if(from !== undefined, (q) => q.where("status", "in", from ?? []))
      .where(leaseHeld(item.plan_id, fence))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
  return inTransaction(db, async (trx) => {
    if (!(await lockPlan(trx, item.plan_id, fence))) return false;
    const current = await trx
      .selectFrom("plan_items")
      .select(["status", "size"])
      .where("plan_id", "=", item.plan_id)
      .where("seq", "=", item.seq)
      .executeTakeFirst();
    if (!current || (from !== undefined && !from.includes(current.status))) return false;
    const result = await trx
      .updateTable("plan_items")
      .set(set)
      .where("plan_id", "=", item.plan_id)
      .where("seq", "=", item.seq)
      .where("status", "=", current.status)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    const size = Number(current.size);
    if (current.status !== to)
      await trx
        .updateTable("plans")
        .set(
          counterShift([
            { status: current.status, n: -1, bytes: -size },
            { status: to, n: 1, bytes: size },
          ]),
        )
        .where("id", "=", item.plan_id)
        .execute();
    if (current.status === "pending" && to === "requested")
      await addInitiatedBytes(trx, item.plan_id, utcDay(changes.requested_at ?? set.updated_at), size);
    return true;
  });
}

/**
 * Moves every item of the plan in `from` to `changes.status` (a bulk control: cancel, retry), with
 * the counters, in one transaction; returns how many moved. The per-status totals are read under
 * the plan row's lock, which every item status change takes first, so they cannot drift.
 */
export async function moveItems(
  db: Kysely<Database>,
  planId: string,
  from: readonly ItemStatus[],
  changes: Omit<ItemChanges, "attempts"> & { status: ItemStatus; attempts?: RawBuilder<number> },
  fence: Fence,
  only: ItemFilter = () => sql<SqlBool>`1 = 1`,
): Promise<number> {
  return inTransaction(db, async (trx) => {
    if (!(await lockPlan(trx, planId, fence))) return 0;
    const totals = await trx
      .selectFrom("plan_items")
      .select((eb) => ["status", eb.fn.countAll().as("n"), eb.fn.sum<number>("size").as("bytes")])
      .where("plan_id", "=", planId)
      .where("status", "in", from)
      .where(only)
      .groupBy("status")
      .execute();
    if (totals.length === 0) return 0;
    await trx
      .updateTable("plan_items")
      .set({ ...changes, updated_at: new Date().toISOString() })
      .where("plan_id", "=", planId)
      .where("status", "in", from)
      .where(only)
      .execute();
    const shifts = totals.flatMap((t) => [
      { status: t.status, n: -Number(t.n), bytes: -Number(t.bytes ?? 0) },
      { status: changes.status, n: Number(t.n), bytes: Number(t.bytes ?? 0) },
    ]);
    await trx.updateTable("plans").set(counterShift(shifts)).where("id", "=", planId).execute();
    return totals.reduce((sum, t) => sum + Number(t.n), 0);
  });
}

/** The plan row's per-status counts and bytes (what the counters hold). */
export function countersOf(row: PlanRow): {
  counts: Record<ItemStatus, number>;
  bytes: Record<ItemStatus, number>;
} {
  const counts = {} as Record<ItemStatus, number>;
  const bytes = {} as Record<ItemStatus, number>;
  for (const s of ITEM_STATUSES) {
    counts[s] = Number(row[`items_${s}`]);
    bytes[s] = Number(row[`bytes_${s}`]);
  }
  return { counts, bytes };
}

/**
 * Items in any of `statuses`, in execution order within each status. Ordered by (status, seq), the
 * plan_items_status_seq index's own order: by seq alone, SQLite walks the primary key over the whole
 * plan for several statuses (measured: 49 ms at 100 000 items, a full scan at any size).
 */
export function itemsIn(db: Kysely<Database>, planId: string, statuses: readonly ItemStatus[]) {
  return db
    .selectFrom("plan_items")
    .selectAll()
    .where("plan_id", "=", planId)
    .where("status", "in", statuses)
    .orderBy("status")
    .orderBy("seq");
}

/** One item by its seq (the primary key's second half), as a task payload names it. */
export function getItemRow(
  db: Kysely<Database>,
  planId: string,
  seq: number,
): Promise<PlanItemRow | undefined> {
  return db
    .selectFrom("plan_items")
    .selectAll()
    .where("plan_id", "=", planId)
    .where("seq", "=", seq)
    .executeTakeFirst();
}

/** How many of the plan's items are in any of `statuses`: read from the plan row's counters. */
export async function countItems(
  db: Kysely<Database>,
  planId: string,
  statuses: readonly ItemStatus[],
): Promise<number> {
  const row = await getPlanRow(db, planId);
  if (!row) return 0;
  const { counts } = countersOf(row);
  return statuses.reduce((sum, s) => sum + counts[s], 0);
}
