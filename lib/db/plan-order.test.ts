import { Migrator, sql } from "kysely";
import { expect, it } from "vitest";
import { migrationProvider } from "./migrations";
import { describeEachDialect } from "@/tests/support/db";

const NOW = "2012-01-01T00:00:00Z";

function plan(id: string) {
  return {
    id,
    plan_key: `key-${id}`,
    connection_id: "c",
    vault_name: "v",
    inventory_id: "i",
    name: id,
    tier: "Bulk" as const,
    cap_usd: 1,
    max_in_flight: 1,
    daily_byte_budget: null,
    order_by: "smallest" as const,
    prefix: null,
    destination: "{}",
    status: "running" as const,
    spent_usd: 0,
    created_by: null,
    created_at: NOW,
    updated_at: NOW,
    lease_owner: null,
    lease_expires_at: null,
    next_run_at: null,
    last_error: null,
  };
}

function item(planId: string, seq: number) {
  const key = `f/${seq}`;
  return {
    plan_id: planId,
    seq,
    archive_id: `${planId}-${seq}`,
    description: "",
    decoded_path: key,
    size: 1,
    tree_hash: "00",
    creation_date: NOW,
    object_key: key,
    status: "pending" as const,
    attempts: 1,
    updated_at: NOW,
  };
}

// Migration 0020: a plan made before it has every item written already, so its frontier is its last seq.
describeEachDialect("migration 0020_plan_order", (target) => {
  it("marks an earlier plan's items all written, and indexes the plan's keys", async () => {
    const { db } = await target.open();
    const migrator = new Migrator({ db, provider: migrationProvider });
    expect((await migrator.migrateTo("0019_output_task_progress")).error).toBeUndefined();
    await sql`insert into plans ${sql.raw("(" + Object.keys(plan("p")).join(", ") + ")")} values
      ${sql.join([plan("p"), plan("q")].map((p) => sql`(${sql.join(Object.values(p))})`))}`.execute(db);
    await db
      .insertInto("plan_items")
      .values([item("p", 1), item("p", 2), item("p", 3)])
      .execute();

    const up = await migrator.migrateToLatest();
    expect(up.error).toBeUndefined();
    expect(up.results?.[0]?.migrationName).toBe("0020_plan_order");
    const plans = await db.selectFrom("plans").select(["id", "items_scheduled"]).orderBy("id").execute();
    expect(plans.map((p) => [p.id, Number(p.items_scheduled)])).toEqual([
      ["p", 3],
      ["q", 0],
    ]);
    // The key index schedule-items.ts seeks in exists.
    const indexes =
      target.dialect === "postgres"
        ? sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'plan_items'`
        : sql<{
            name: string;
          }>`select name from sqlite_master where type = 'index' and tbl_name = 'plan_items'`;
    expect((await indexes.execute(db)).rows.map((r) => r.name)).toContain("plan_items_key");
  });
});
