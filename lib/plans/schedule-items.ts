import "server-only";
import { type Insertable, type Kysely, type RawBuilder, sql } from "kysely";
import { getConfig } from "@/lib/config";
import { type Database, inTransaction } from "@/lib/db";
import { type PlanItemsTable } from "@/lib/db/schema";
import { getInventoryRowOrThrow, selectionSource } from "@/lib/inventory";
import { objectKeysFor } from "./object-keys";
import { isPostgres } from "./plan-items-sql";
import { advanceSchedule, type Fence, itemsUnscheduled, parseDestination, type PlanRow } from "./store";

/**
 * A plan's items are written to plan_items as the plan reaches them, a bounded batch at a time, in
 * execution order (plan_order, migration 0020), with their object keys (object-keys.ts): creating a
 * plan of 10 million archives writes its order, not 10 million items, and each step's work is its
 * batch's, whatever the plan's size. An item scheduled is a pending item like any other.
 */

/**
 * Items written per batch: the first at creation, then as many as a step needs, in batches of this
 * (THAW_PLAN_SCHEDULE_BATCH, default 1 000; the plans' e2e servers lower it so a 200-archive plan
 * is reached batch by batch in the real app).
 */
export function scheduleBatch(): number {
  return getConfig().plans.scheduleBatch;
}
/** Rows per multi-row INSERT into plan_items: 12 parameters each, far below both dialects' limits. */
const INSERT_CHUNK = 500;

/** An item's fields that come from its archive (the inventory's row), as plan_items stores them. */
type ArchiveRow = Pick<
  PlanItemsTable,
  "seq" | "archive_id" | "description" | "decoded_path" | "size" | "tree_hash" | "creation_date"
>;

function keyPrefixOf(plan: Pick<PlanRow, "destination">): string {
  const destination = parseDestination(plan.destination);
  return destination.kind === "s3" ? destination.prefix : "";
}

/**
 * `plan_order as o` with each row's archive as `a` (the inventory's columns), for a statement that
 * reads a run of a plan's seqs: plan_order's key gives the seqs, then each archive is one seek in the
 * inventory. PostgreSQL, left to itself, may hash-join the whole inventory instead; LATERAL keeps it
 * a seek per row. SQLite joins that way already (and has no LATERAL).
 */
export async function orderWithArchives(
  db: Kysely<Database>,
  inventoryId: string,
): Promise<RawBuilder<unknown>> {
  const archives = selectionSource(db, await getInventoryRowOrThrow(db, inventoryId), { kind: "all" });
  return isPostgres(db)
    ? sql`plan_order as o cross join lateral
        (select * from (${archives}) as s where s.seq = o.archive_seq) as a`
    : sql`plan_order as o join (${archives}) as a on a.seq = o.archive_seq`;
}

/**
 * The plan's archives after seq `after`, in execution order, at most `limit`: the inventory's rows
 * (also the plan page's rows for the archives not reached yet).
 */
export async function archivesInOrder(
  trx: Kysely<Database>,
  plan: Pick<PlanRow, "id" | "inventory_id">,
  after: number,
  limit: number,
): Promise<ArchiveRow[]> {
  const rows = await sql<ArchiveRow>`select o.seq, a.archive_id, a.description, a.decoded_path, a.size,
      a.tree_hash, a.creation_date
    from ${await orderWithArchives(trx, plan.inventory_id)}
    where o.plan_id = ${plan.id} and o.seq > ${after} order by o.seq limit ${limit}`.execute(trx);
  return rows.rows.map((r) => ({ ...r, seq: Number(r.seq), size: Number(r.size) }));
}

/**
 * Writes the plan's next items (at most `limit`) to plan_items in one transaction, fenced by the
 * lease (`fence`); returns how many. Nothing when every item is written or the fence is stale.
 */
export async function scheduleItems(
  db: Kysely<Database>,
  planId: string,
  limit: number,
  fence: Fence,
): Promise<number> {
  return inTransaction(db, async (trx) => {
    const plan = await trx
      .selectFrom("plans")
      .select(["id", "inventory_id", "destination", "items_scheduled"])
      .where("id", "=", planId)
      .executeTakeFirst();
    if (!plan) return 0;
    const from = Number(plan.items_scheduled);
    const rows = await archivesInOrder(trx, plan, from, Math.max(1, Math.trunc(limit)));
    const last = rows[rows.length - 1];
    if (!last || !(await advanceSchedule(trx, planId, from, last.seq, fence))) return 0;
    const keys = await objectKeysFor(trx, planId, keyPrefixOf(plan), rows);
    const now = new Date().toISOString();
    const items = rows.map((r, i): Insertable<PlanItemsTable> => ({
      plan_id: planId,
      ...r,
      object_key: keys[i] ?? "",
      status: "pending",
      attempts: 1,
      updated_at: now,
    }));
    for (let i = 0; i < items.length; i += INSERT_CHUNK)
      await trx
        .insertInto("plan_items")
        .values(items.slice(i, i + INSERT_CHUNK))
        .execute();
    return rows.length;
  });
}

/**
 * Makes sure `wanted` pending items are in plan_items (fewer when the plan has no more), scheduling
 * batches as needed, by the plan row's counters (`plan`, read in this step). Bounded by `wanted`.
 */
export async function schedulePending(
  db: Kysely<Database>,
  plan: PlanRow,
  wanted: number,
  fence: Fence,
): Promise<void> {
  const unscheduled = itemsUnscheduled(plan);
  if (unscheduled === 0) return;
  let missing = wanted - (Number(plan.items_pending) - unscheduled);
  while (missing > 0) {
    const written = await scheduleItems(db, plan.id, Math.max(missing, scheduleBatch()), fence);
    if (written === 0) return;
    missing -= written;
  }
}
