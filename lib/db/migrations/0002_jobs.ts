import { type Kysely, sql } from "kysely";

/**
 * `jobs`: Thaw's record of every job it started (or, later, saw in ListJobs). The idempotency key is
 * unique in the database itself, so two concurrent submissions of one form cannot both claim it;
 * NULL keys (imported jobs, released claims) do not collide on either dialect.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("jobs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("connection_id", "text", (c) => c.notNull())
    .addColumn("idempotency_key", "text")
    .addColumn("vault_name", "text", (c) => c.notNull())
    .addColumn("job_type", "text", (c) =>
      c.notNull().check(sql`job_type in ('inventory-retrieval', 'archive-retrieval', 'select')`),
    )
    .addColumn("glacier_job_id", "text")
    .addColumn("location", "text")
    .addColumn("output_path", "text")
    .addColumn("parameters", "text", (c) => c.notNull())
    .addColumn("archive_id", "text")
    .addColumn("tier", "text")
    .addColumn("description", "text")
    .addColumn("estimate", "text")
    .addColumn("submission_status", "text", (c) =>
      c.notNull().check(sql`submission_status in ('submitting', 'submitted', 'failed', 'uncertain')`),
    )
    .addColumn("submission_error", "text")
    .addColumn("submitted_by", "text")
    .addColumn("status_code", "text")
    .addColumn("status_message", "text")
    .addColumn("glacier_creation_date", "text")
    .addColumn("completion_date", "text")
    .addColumn("size_bytes", "bigint")
    .addColumn("sha256_tree_hash", "text")
    .addColumn("last_described_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("jobs_idempotency_key_unique")
    .on("jobs")
    .column("idempotency_key")
    .unique()
    .execute();
  await db.schema
    .createIndex("jobs_connection_glacier_job_unique")
    .on("jobs")
    .columns(["connection_id", "glacier_job_id"])
    .unique()
    .execute();
  await db.schema
    .createIndex("jobs_connection_vault_created")
    .on("jobs")
    .columns(["connection_id", "vault_name", "created_at"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("jobs").execute();
}
