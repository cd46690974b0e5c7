import { type Kysely, sql } from "kysely";

// Migrations see the database as it was when they were written, so they take an untyped Kysely.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("connections")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("name_key", "text", (c) => c.notNull())
    .addColumn("region", "text", (c) => c.notNull())
    .addColumn("account_id", "text", (c) => c.notNull().defaultTo("-"))
    .addColumn("endpoint", "text")
    .addColumn("mode", "text", (c) =>
      c.notNull().check(sql`mode in ('default-chain', 'profile', 'access-key', 'assume-role')`),
    )
    .addColumn("profile", "text")
    .addColumn("access_key_id", "text")
    .addColumn("role_arn", "text")
    .addColumn("external_id", "text")
    .addColumn("session_name", "text")
    .addColumn("sealed_secret", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  // The uniqueness rule lives in the database so two concurrent creates cannot both win.
  await db.schema
    .createIndex("connections_name_key_unique")
    .on("connections")
    .column("name_key")
    .unique()
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("connections").execute();
}
