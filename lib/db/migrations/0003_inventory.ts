import { type Kysely, sql } from "kysely";

/**
 * The versioned inventory catalog: one `inventories` row per imported inventory (a vault's contents
 * at InventoryDate). Its archives live in a table of their own, `archive_table`, which lib/inventory
 * creates per import: loaded without indexes and indexed once complete (maintaining four random-order
 * indexes row by row ran 3–5× slower), and dropped whole with its inventory (instant, where deleting
 * a million rows from a shared table is not). An import writes with status 'importing' and flips to
 * 'complete' at the end; readers see complete inventories only, so a failed or truncated import never
 * shows. `archive_names` holds names learnt outside the descriptions (a Synology `<vault>_mapping`
 * database) per data vault, so every inventory of that vault, earlier or later, gets them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("inventories")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("connection_id", "text", (c) => c.notNull())
    .addColumn("vault_name", "text", (c) => c.notNull())
    .addColumn("vault_arn", "text")
    .addColumn("inventory_date", "text")
    .addColumn("job_id", "text")
    .addColumn("format", "text", (c) => c.notNull().check(sql`format in ('JSON', 'CSV')`))
    .addColumn("archive_table", "text", (c) => c.notNull())
    .addColumn("archive_count", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("total_bytes", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('importing', 'complete', 'failed')`))
    .addColumn("error", "text")
    .addColumn("started_at", "text", (c) => c.notNull())
    .addColumn("heartbeat_at", "text", (c) => c.notNull())
    .addColumn("imported_at", "text")
    .execute();
  // One inventory per Glacier job: a re-import finds it instead of adding a copy (NULL job ids do not collide).
  await db.schema
    .createIndex("inventories_connection_job_unique")
    .on("inventories")
    .columns(["connection_id", "job_id"])
    .unique()
    .execute();
  await db.schema
    .createIndex("inventories_connection_vault")
    .on("inventories")
    .columns(["connection_id", "vault_name", "inventory_date"])
    .execute();

  await db.schema
    .createTable("archive_names")
    .addColumn("connection_id", "text", (c) => c.notNull())
    .addColumn("vault_name", "text", (c) => c.notNull())
    .addColumn("archive_id", "text", (c) => c.notNull())
    .addColumn("path", "text", (c) => c.notNull())
    .addColumn("size", "bigint")
    .addColumn("backed_up_at", "text")
    .addColumn("source", "text", (c) => c.notNull().check(sql`source in ('synology')`))
    .addColumn("imported_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("archive_names_archive_unique")
    .on("archive_names")
    .columns(["connection_id", "vault_name", "archive_id"])
    .unique()
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Per-inventory archive tables go first: their names are only known from the inventories rows.
  const tables = await sql<{ archive_table: string }>`select archive_table from inventories`.execute(db);
  for (const { archive_table } of tables.rows) await db.schema.dropTable(archive_table).ifExists().execute();
  await db.schema.dropTable("archive_names").execute();
  await db.schema.dropTable("inventories").execute();
}
