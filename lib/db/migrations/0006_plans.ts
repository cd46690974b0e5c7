import { type Kysely, sql } from "kysely";

/**
 * Bulk retrieval plans (lib/plans, issue #7). A plan copies the archives of one imported inventory to
 * a destination within limits; its items are the archives in execution order (`seq`). The worker
 * drives a plan only while it holds the lease (`lease_owner` until `lease_expires_at`), so replicas
 * sharing the database never drive one plan twice. `plan_key` is the creating form's id: the same
 * form posted twice finds the plan it already made.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("plans")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("plan_key", "text", (c) => c.notNull().unique())
    .addColumn("connection_id", "text", (c) => c.notNull())
    .addColumn("vault_name", "text", (c) => c.notNull())
    .addColumn("inventory_id", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("tier", "text", (c) => c.notNull().check(sql`tier in ('Expedited', 'Standard', 'Bulk')`))
    .addColumn("cap_usd", "double precision", (c) => c.notNull())
    .addColumn("max_in_flight", "integer", (c) => c.notNull())
    .addColumn("daily_byte_budget", "bigint")
    .addColumn("order_by", "text", (c) =>
      c.notNull().check(sql`order_by in ('smallest', 'oldest', 'prefix')`),
    )
    .addColumn("prefix", "text")
    .addColumn("destination", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status in ('running', 'paused', 'capped', 'cancelled', 'completed')`),
    )
    .addColumn("spent_usd", "double precision", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("lease_owner", "text")
    .addColumn("lease_expires_at", "text")
    .addColumn("next_run_at", "text")
    .addColumn("last_error", "text")
    .execute();
  await db.schema
    .createIndex("plans_connection_created")
    .on("plans")
    .columns(["connection_id", "created_at"])
    .execute();
  await db.schema.createIndex("plans_status").on("plans").column("status").execute();

  await db.schema
    .createTable("plan_items")
    .addColumn("plan_id", "text", (c) => c.notNull())
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("archive_id", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("decoded_path", "text", (c) => c.notNull())
    .addColumn("size", "bigint", (c) => c.notNull())
    .addColumn("tree_hash", "text", (c) => c.notNull())
    .addColumn("creation_date", "text", (c) => c.notNull())
    .addColumn("object_key", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .check(sql`status in ('pending', 'requested', 'copying', 'copied', 'verified', 'failed', 'deleted')`),
    )
    .addColumn("job_record_id", "text")
    .addColumn("glacier_job_id", "text")
    .addColumn("attempts", "integer", (c) => c.notNull())
    .addColumn("requested_at", "text")
    .addColumn("job_completed_at", "text")
    .addColumn("expires_at", "text")
    .addColumn("next_check_at", "text")
    .addColumn("upload_id", "text")
    .addColumn("copied_at", "text")
    .addColumn("verified_at", "text")
    .addColumn("cost_usd", "double precision")
    .addColumn("error", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("plan_items_pk", ["plan_id", "archive_id"])
    .execute();
  await db.schema
    .createIndex("plan_items_status_seq")
    .on("plan_items")
    .columns(["plan_id", "status", "seq"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("plan_items").execute();
  await db.schema.dropTable("plans").execute();
}
