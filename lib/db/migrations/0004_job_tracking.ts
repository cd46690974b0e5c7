import { type Kysely, sql } from "kysely";

/**
 * Job tracking (lib/jobs sync, poll, output): what Thaw learns about a job after submission lives in
 * `job_tracking`, one row per `jobs` row, so the submission table keeps its own shape. `origin`
 * tells jobs Thaw started from jobs it imported from ListJobs (started by the CLI or other tools);
 * imported jobs are recorded in `jobs` as `submitted`, since Glacier did accept them.
 * `job_output_leaves` keeps the 1 MiB tree-hash leaf digests of an archive output as bytes stream
 * through Thaw, so a download resumed over several requests is still verified as a whole.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("job_tracking")
    .addColumn("job_id", "text", (c) => c.primaryKey())
    .addColumn("origin", "text", (c) => c.notNull().check(sql`origin in ('thaw', 'imported')`))
    .addColumn("last_description", "text")
    .addColumn("archive_description", "text")
    .addColumn("output_size_bytes", "bigint")
    .addColumn("expires_at", "text")
    .addColumn("gone_at", "text")
    .addColumn("next_check_at", "text")
    .addColumn("check_interval_ms", "integer")
    .addColumn("output_downloaded_at", "text")
    .addColumn("output_verified", "text", (c) => c.check(sql`output_verified in ('verified', 'mismatch')`))
    .addColumn("output_verified_at", "text")
    .addColumn("output_tree_hash", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("job_tracking_next_check").on("job_tracking").column("next_check_at").execute();
  // The live feed asks "what changed since…" per connection.
  await db.schema
    .createIndex("jobs_connection_updated")
    .on("jobs")
    .columns(["connection_id", "updated_at"])
    .execute();

  await db.schema
    .createTable("job_output_leaves")
    .addColumn("job_id", "text", (c) => c.notNull())
    .addColumn("leaf", "integer", (c) => c.notNull())
    .addColumn("digest", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("job_output_leaves_pk", ["job_id", "leaf"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("job_output_leaves").execute();
  await db.schema.dropIndex("jobs_connection_updated").execute();
  await db.schema.dropTable("job_tracking").execute();
}
