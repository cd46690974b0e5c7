import BetterSqlite3 from "better-sqlite3";
import { Kysely, PostgresDialect, sql, SqliteDialect } from "kysely";
import pg from "pg";
import { expect, it } from "vitest";
import { down } from "@/lib/db/migrations/0003_inventory";
import { describeEachDialect, type DialectTarget } from "@/tests/support/db";
import { importInventory } from "./import";
import { chunked, inventoryJson, makeEntries } from "@/tests/support/inventories";

/** Migrations take an untyped Kysely: open one on the suite's database. */
function untyped(target: DialectTarget): Kysely<unknown> {
  const { sqlitePath, databaseUrl } = target.options();
  const dialect = sqlitePath
    ? new SqliteDialect({ database: new BetterSqlite3(sqlitePath) })
    : new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl }) });
  return new Kysely<unknown>({ dialect });
}

describeEachDialect("migration 0003_inventory", (target) => {
  it("down drops the catalog, per-inventory archive tables included", async () => {
    const database = await target.open();
    await importInventory({
      connectionId: "c",
      vaultName: "examplevault",
      jobId: "j",
      format: "JSON",
      source: chunked(inventoryJson(makeEntries(3)), 100),
      db: database.db,
    });
    const db = untyped(target);
    try {
      await down(db);
      const names =
        target.dialect === "sqlite"
          ? sql<{ name: string }>`select name from sqlite_master where type = 'table'`
          : sql<{ name: string }>`select tablename as name from pg_tables where schemaname = 'public'`;
      const left = (await names.execute(db)).rows.map((r) => r.name);
      expect(left.filter((n) => n.startsWith("inventor") || n === "archive_names")).toEqual([]);
      expect(left).toContain("connections");
    } finally {
      await db.destroy();
    }
  });
});
