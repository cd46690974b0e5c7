import { type Kysely } from "kysely";

/**
 * Work on a job's output that runs as a queued task (issue #14: `inventory-import`) keeps its progress
 * here, not in one process's memory: any replica may run it, and any replica's job page shows it.
 * One row per job and kind; a new run of the same kind starts the row again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("output_task_progress")
    .addColumn("job_id", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("started_at", "text", (c) => c.notNull())
    .addColumn("bytes", "bigint", (c) => c.notNull())
    .addColumn("total_bytes", "bigint")
    .addColumn("items", "bigint")
    .addColumn("rate", "double precision")
    .addColumn("message", "text")
    .addColumn("result", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("output_task_progress_pk", ["job_id", "kind"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("output_task_progress").execute();
}
