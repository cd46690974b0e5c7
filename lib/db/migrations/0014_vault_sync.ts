import { type Kysely } from "kysely";

/**
 * Tracking once per connection (issue #14): `vault_sync_state` holds, per connection, when each part
 * of the `vault-sync` task is next due and who is running it, so any replica's run (or a page's
 * request) sees what the last run did and a second run at the same time backs off. Its last report
 * is what the live feed shows ("synced with Glacier at …"), read from here rather than from a
 * per-process watcher.
 * Two indexes for the paged jobs list (keyset on created_at, id, newest first) and for the
 * unfinished jobs the sync follows: 10 million plan jobs never load into one page or one scan.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("vault_sync_state")
    .addColumn("connection_id", "text", (c) => c.primaryKey())
    .addColumn("running_until", "text")
    .addColumn("next_run_at", "text")
    .addColumn("next_tracking_at", "text")
    .addColumn("last_sweep_at", "text")
    .addColumn("last_completed_sweep_at", "text")
    .addColumn("watched_at", "text")
    .addColumn("last_run_at", "text")
    .addColumn("last_report", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("jobs_connection_created_id")
    .on("jobs")
    .columns(["connection_id", "created_at", "id"])
    .execute();
  await db.schema
    .createIndex("jobs_connection_status_created")
    .on("jobs")
    .columns(["connection_id", "status_code", "created_at", "id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("jobs_connection_status_created").execute();
  await db.schema.dropIndex("jobs_connection_created_id").execute();
  await db.schema.dropTable("vault_sync_state").execute();
}
