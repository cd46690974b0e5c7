import { type Kysely, PostgresAdapter, sql } from "kysely";

/**
 * Sign-in, roles and the audit trail:
 * - `users` (scrypt password hash, or none for SSO-only users), `sessions` (only the SHA-256 of each
 *   session token is stored, so a copied database opens no session), `login_failures` (rate limiting),
 * - `audit_log`, append-only: the database itself refuses UPDATE and DELETE on it (a trigger on each
 *   dialect), so even a bug in Thaw cannot rewrite history,
 * - `settings` (e.g. the SNS topics allowed to notify Thaw), `sns_messages` (MessageIds already
 *   accepted: a replayed message is refused) and `sns_subscriptions` (confirmed topics).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("email_key", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('viewer', 'operator', 'admin')`))
    .addColumn("password_hash", "text")
    .addColumn("oidc_subject", "text")
    .addColumn("disabled", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_sign_in_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("users_email_key_unique").on("users").column("email_key").unique().execute();
  await db.schema
    .createIndex("users_oidc_subject_unique")
    .on("users")
    .column("oidc_subject")
    .unique()
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .addColumn("address", "text")
    .execute();
  await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("login_failures")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("bucket", "text", (c) => c.notNull())
    .addColumn("failed_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("login_failures_bucket_time")
    .on("login_failures")
    .columns(["bucket", "failed_at"])
    .execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("occurred_at", "text", (c) => c.notNull())
    .addColumn("actor_id", "text")
    .addColumn("actor_email", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("outcome", "text", (c) => c.notNull().check(sql`outcome in ('success', 'failure', 'denied')`))
    .addColumn("connection_id", "text")
    .addColumn("target", "text")
    .addColumn("details", "text", (c) => c.notNull())
    .addColumn("address", "text")
    .execute();
  await db.schema.createIndex("audit_log_time").on("audit_log").columns(["occurred_at", "id"]).execute();
  await db.schema
    .createIndex("audit_log_action_time")
    .on("audit_log")
    .columns(["action", "occurred_at"])
    .execute();
  await appendOnly(db, "audit_log");

  await db.schema
    .createTable("settings")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("sns_messages")
    .addColumn("message_id", "text", (c) => c.primaryKey())
    .addColumn("topic_arn", "text", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("received_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sns_messages_received").on("sns_messages").column("received_at").execute();

  await db.schema
    .createTable("sns_subscriptions")
    .addColumn("topic_arn", "text", (c) => c.primaryKey())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('confirmed', 'unsubscribed')`))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
}

async function appendOnly(db: Kysely<unknown>, table: string): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create function thaw_refuse_change() returns trigger language plpgsql as $$
      begin raise exception '% is append-only', TG_TABLE_NAME; end $$`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_append_only`)} before update or delete on ${sql.table(table)}
      for each row execute function thaw_refuse_change()`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_no_truncate`)} before truncate on ${sql.table(table)}
      for each statement execute function thaw_refuse_change()`.execute(db);
    return;
  }
  for (const operation of ["update", "delete"]) {
    await sql`create trigger ${sql.raw(`${table}_no_${operation}`)} before ${sql.raw(operation)} on ${sql.table(table)}
      begin select raise(abort, ${sql.lit(`${table} is append-only`)}); end`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "sns_subscriptions",
    "sns_messages",
    "settings",
    "audit_log",
    "login_failures",
    "sessions",
    "users",
  ]) {
    await db.schema.dropTable(table).execute();
  }
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop function if exists thaw_refuse_change()`.execute(db);
  }
}
