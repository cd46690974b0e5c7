import { type Kysely, PostgresAdapter, sql } from "kysely";

/**
 * Plans of millions of archives (issue #13): a step's work must not grow with the plan.
 *  - Counters on the plan row, per item status (count and bytes), kept by lib/plans in the same
 *    transaction as every item change, so the plan page and the step read one row instead of
 *    counting and summing every item.
 *  - `lease_epoch`, incremented whenever the lease changes hands: every item write of a worker
 *    carries the epoch it holds and changes nothing once another worker took the plan over.
 *  - `plan_daily_bytes`, bytes initiated per plan and UTC day: the daily budget reads one row.
 *  - Indexes for paging items by execution order (manifest, page) and by object key (creation's
 *    key-conflict pass). PostgreSQL's key index uses the "C" collation: byte order, as SQLite's,
 *    so `a` < `a-b` < `a/b` sort the same on both and the conflict pass can range-scan a folder.
 * Existing plans get their counters and ledger from their items here, once.
 */
// Frozen here, as a migration must be: the item statuses as of this migration (0006's check).
const ITEM_STATUSES = ["pending", "requested", "copying", "copied", "verified", "failed", "deleted"] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("plans")
    .addColumn("lease_epoch", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  for (const status of ITEM_STATUSES) {
    await db.schema
      .alterTable("plans")
      .addColumn(`items_${status}`, "bigint", (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .alterTable("plans")
      .addColumn(`bytes_${status}`, "bigint", (c) => c.notNull().defaultTo(0))
      .execute();
    await sql`update plans set
        ${sql.ref(`items_${status}`)} = (select count(*) from plan_items i where i.plan_id = plans.id and i.status = ${status}),
        ${sql.ref(`bytes_${status}`)} = (select coalesce(sum(i.size), 0) from plan_items i where i.plan_id = plans.id and i.status = ${status})`.execute(
      db,
    );
  }

  await db.schema
    .createTable("plan_daily_bytes")
    .addColumn("plan_id", "text", (c) => c.notNull())
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("bytes", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("plan_daily_bytes_pk", ["plan_id", "day"])
    .execute();
  await sql`insert into plan_daily_bytes (plan_id, day, bytes)
      select plan_id, substr(requested_at, 1, 10), sum(size) from plan_items
      where requested_at is not null group by plan_id, substr(requested_at, 1, 10)`.execute(db);

  await db.schema
    .createIndex("plan_items_seq")
    .on("plan_items")
    .columns(["plan_id", "seq"])
    .unique()
    .execute();
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createIndex("plan_items_key")
    .on("plan_items")
    .expression(postgres ? sql`plan_id, object_key collate "C", seq` : sql`plan_id, object_key, seq`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("plan_items_key").execute();
  await db.schema.dropIndex("plan_items_seq").execute();
  await db.schema.dropTable("plan_daily_bytes").execute();
  for (const status of ITEM_STATUSES)
    for (const column of [`items_${status}`, `bytes_${status}`])
      await db.schema.alterTable("plans").dropColumn(column).execute();
  await db.schema.alterTable("plans").dropColumn("lease_epoch").execute();
}
