import { type Kysely, sql } from "kysely";

/**
 * The in-process task queue (issue #14, lib/tasks): on SQLite, where Thaw runs as one process, tasks
 * are rows of Thaw's own database, so a task enqueued inside a transaction exists if and only if that
 * transaction commits. (With DATABASE_URL, pg-boss keeps its own schema; this table then stays empty.)
 *  - `state`: waiting → active → (deleted when done) | waiting again (retry) | parked (retries spent).
 *  - `singleton_slot`: the key's slot this row holds ("held" for a one-at-a-time key, or its state for
 *    a one-queued-and-one-active key); a unique index over it refuses a second holder, and a parked
 *    row frees it. NULL for tasks without a key.
 *  - `deadline_at`: an active task is taken back (and counted as a failed run) once this passes; its
 *    heartbeat moves it on.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("tasks")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull().check(sql`state in ('waiting', 'active', 'parked')`))
    .addColumn("singleton_key", "text")
    .addColumn("singleton_slot", "text")
    .addColumn("group_id", "text")
    .addColumn("attempt", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("start_after", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("started_at", "text")
    .addColumn("deadline_at", "text")
    .addColumn("worker", "text")
    .addColumn("failed_at", "text")
    .addColumn("error", "text")
    .execute();
  await sql`create unique index tasks_singleton on tasks (name, singleton_key, singleton_slot) where singleton_slot is not null`.execute(
    db,
  );
  await db.schema.createIndex("tasks_ready").on("tasks").columns(["state", "name", "start_after"]).execute();
  await db.schema.createIndex("tasks_group").on("tasks").columns(["group_id", "state"]).execute();
  await db.schema.createIndex("tasks_failed").on("tasks").columns(["failed_at"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("tasks").execute();
}
