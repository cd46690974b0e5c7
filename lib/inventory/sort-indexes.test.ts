import { sql } from "kysely";
import { afterEach, beforeAll, expect, it, vi } from "vitest";
import { type ThawDatabase } from "@/lib/db";
import { describeEachDialect } from "@/lib/db/test-support";
import { archiveTableName, existingIndexes } from "./archive-table";
import { importInventory } from "./import";
import { deleteInventory, searchInventoryArchives } from "./queries";
import { forgetSortIndexes, sortIndexesSettled } from "./sort-indexes";
import { chunked, inventoryJson, makeEntries } from "./test-inventories";

const VAULT = "examplevault";
const SORT_SUFFIXES = ["_size", "_created", "_path"];

describeEachDialect("inventory sort indexes built after the import", (target) => {
  let database: ThawDatabase;
  let job = 0;
  const entries = makeEntries(3_000, "s", ["plain name.tar", "mt2 broken!", ""]);

  beforeAll(async () => {
    database = await target.open();
  });
  afterEach(() => vi.restoreAllMocks());

  const importOne = (count = entries.length) =>
    importInventory({
      connectionId: "conn-sort",
      vaultName: VAULT,
      jobId: `job-${++job}`,
      format: "JSON",
      source: chunked(inventoryJson(entries.slice(0, count)), 65_536),
      db: database.db,
    });

  const sortIndexes = async (table: ReturnType<typeof archiveTableName>) => {
    const present = await existingIndexes(database.db, table);
    return SORT_SUFFIXES.filter((suffix) => present.has(`${table}${suffix}`));
  };

  it("completes with the ArchiveId index, then builds the sort indexes in the background", async () => {
    const { inventory, sortIndexes: built } = await importOne();
    const table = archiveTableName(inventory.id);
    expect(inventory.status).toBe("complete");
    expect((await existingIndexes(database.db, table)).has(`${table}_archive`)).toBe(true);
    await built;
    expect(await sortIndexes(table)).toEqual(SORT_SUFFIXES);
  });

  it("builds missing sort indexes on first use (as after a restart mid-build)", async () => {
    const { inventory, sortIndexes: built } = await importOne();
    await built;
    const table = archiveTableName(inventory.id);
    for (const suffix of SORT_SUFFIXES) await sql`drop index ${sql.table(`${table}${suffix}`)}`.execute(database.db);
    forgetSortIndexes(table); // A new process knows of no build.
    // Usable meanwhile: sorted pages come without the indexes, only slower.
    const page = await searchInventoryArchives({ inventoryId: inventory.id, sort: "size", limit: 5, db: database.db });
    expect(page.rows.map((r) => r.size)).toEqual([...entries].map((e) => e.size).sort((a, b) => a - b).slice(0, 5));
    await sortIndexesSettled(table);
    expect(await sortIndexes(table)).toEqual(SORT_SUFFIXES);
  });

  it("deleting an inventory while its sort indexes are built leaves nothing and logs nothing", async () => {
    const warn = vi.spyOn(console, "warn");
    const { inventory, sortIndexes: built } = await importOne();
    const table = archiveTableName(inventory.id);
    await deleteInventory(inventory.id, { db: database.db });
    await built;
    expect(await existingIndexes(database.db, table)).toEqual(new Set());
    const tables = target.dialect === "sqlite"
      ? sql<{ name: string }>`select name from sqlite_master where name = ${table}`
      : sql<{ name: string }>`select tablename as name from pg_tables where tablename = ${table}`;
    expect((await tables.execute(database.db)).rows).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });
});
