import { type Kysely, PostgresAdapter, sql } from "kysely";

/**
 * Issue #13, plans of 10 million archives created in seconds: a new plan stores only its execution
 * order, `plan_order` (plan, seq → the inventory row's seq), a narrow row of three numbers and the
 * plan id, instead of writing every archive's full item (~550 bytes with its indexes, 5.5 GB at 10 M,
 * written twice by SQLite's WAL). Items are copied into `plan_items`, with their object keys, in
 * bounded batches as the plan reaches them (lib/plans/schedule-items.ts); `plans.items_scheduled` is
 * how far: every seq up to it has its item. Plans made before this have every item already.
 * Object keys are now given incrementally, first come in execution order, so plan_items gets its
 * key index back (0010 dropped it to keep creation's inserts at the end of every index; items now
 * arrive a batch per step, not 10 million at once). PostgreSQL's is bytewise ("C"), as the key
 * rules' range seeks (a key inside a folder: `name/` ≤ key < `name0`) need.
 */
const isPostgres = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = isPostgres(db);
  await db.schema
    .createTable("plan_order")
    .addColumn("plan_id", "text", (c) => c.notNull())
    .addColumn("seq", "bigint", (c) => c.notNull())
    .addColumn("archive_seq", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("plan_order_pk", ["plan_id", "seq"])
    // SQLite: the rows live in the key's own B-tree (no rowid table beside it), half the bytes.
    .$call((t) => (postgres ? t : t.modifyEnd(sql`without rowid`)))
    .execute();
  await db.schema
    .alterTable("plans")
    .addColumn("items_scheduled", "bigint", (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update plans set items_scheduled =
    (select coalesce(max(seq), 0) from plan_items where plan_items.plan_id = plans.id)`.execute(db);
  await db.schema
    .createIndex("plan_items_key")
    .on("plan_items")
    .expression(postgres ? sql`plan_id, object_key collate "C"` : sql`plan_id, object_key`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("plan_items_key").execute();
  await db.schema.alterTable("plans").dropColumn("items_scheduled").execute();
  await db.schema.dropTable("plan_order").execute();
}
