import { Migrator } from "kysely";
import { expect, it } from "vitest";
import { migrationProvider } from "./migrations";
import { type PlanItemsTable } from "./schema";
import { describeEachDialect } from "@/tests/support/db";

function item(planId: string, seq: number, archiveId: string): PlanItemsTable {
  return {
    plan_id: planId,
    seq,
    archive_id: archiveId,
    description: "",
    decoded_path: `f/${seq}`,
    size: 1,
    tree_hash: "00",
    creation_date: "2012-01-01T00:00:00Z",
    object_key: `f/${seq}`,
    status: "pending",
    job_record_id: null,
    glacier_job_id: null,
    attempts: 1,
    requested_at: null,
    job_completed_at: null,
    expires_at: null,
    next_check_at: null,
    upload_id: null,
    copied_at: null,
    verified_at: null,
    cost_usd: null,
    error: null,
    updated_at: "2012-01-01T00:00:00Z",
  };
}

// Migration 0010: plan_items keyed by (plan_id, seq), the SQLite table rebuilt with its rows.
describeEachDialect("migration 0010_plan_items_by_seq", (target) => {
  it("keeps every item across down and up, and makes (plan_id, seq) the unique key", async () => {
    const { db } = await target.open();
    const migrator = new Migrator({ db, provider: migrationProvider });
    const down = await migrator.migrateTo("0009_inventory_coverage");
    expect(down.error).toBeUndefined();
    await db
      .insertInto("plan_items")
      .values([item("p", 1, "a"), item("p", 2, "b"), item("q", 1, "a")])
      .execute();

    const up = await migrator.migrateToLatest();
    expect(up.error).toBeUndefined();
    // The first migration up again (later ones follow it).
    expect(up.results?.[0]?.migrationName).toBe("0010_plan_items_by_seq");
    const rows = await db
      .selectFrom("plan_items")
      .select(["plan_id", "seq", "archive_id", "object_key"])
      .orderBy("plan_id")
      .orderBy("seq")
      .execute();
    expect(rows).toEqual([
      { plan_id: "p", seq: 1, archive_id: "a", object_key: "f/1" },
      { plan_id: "p", seq: 2, archive_id: "b", object_key: "f/2" },
      { plan_id: "q", seq: 1, archive_id: "a", object_key: "f/1" },
    ]);
    // Refused by the new key (SQLite names its columns, PostgreSQL the constraint).
    await expect(
      db
        .insertInto("plan_items")
        .values(item("p", 2, "c"))
        .execute(),
    ).rejects.toThrow(/plan_items\.plan_id, plan_items\.seq|"plan_items_pk"/);
  });
});
