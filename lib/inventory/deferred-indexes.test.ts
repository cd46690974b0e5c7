import { sql } from "kysely";
import { afterEach, beforeAll, expect, it, vi } from "vitest";
import { type ThawDatabase } from "@/lib/db";
import { describeEachDialect } from "@/tests/support/db";
import { archiveTableName, existingIndexes } from "./archive-table";
import { importInventory } from "./import";
import { deleteInventory, searchInventoryArchives } from "./queries";
import { forgetDeferredIndexes, deferredIndexesSettled } from "./deferred-indexes";
import { chunked, inventoryJson, makeEntries } from "@/tests/support/inventories";

const VAULT = "examplevault";
const DEFERRED_SUFFIXES = ["_archive", "_size", "_created", "_path"];

describeEachDialect("inventory indexes built after the import", (target) => {
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

  const presentIndexes = async (table: ReturnType<typeof archiveTableName>) => {
    const present = await existingIndexes(database.db, table);
    return DEFERRED_SUFFIXES.filter((suffix) => present.has(`${table}${suffix}`));
  };

  it("completes, then builds the ArchiveId and sort indexes in the background", async () => {
    const { inventory, deferredIndexes: built } = await importOne();
    const table = archiveTableName(inventory.id);
    expect(inventory.status).toBe("complete");
    // Searchable before any index exists (the build may or may not have started yet).
    const found = await searchInventoryArchives({
      inventoryId: inventory.id,
      query: entries[7]?.archiveId ?? "",
      limit: 5,
      db: database.db,
    });
    expect(found.rows.map((r) => r.archiveId)).toEqual([entries[7]?.archiveId]);
    await built;
    expect(await presentIndexes(table)).toEqual(DEFERRED_SUFFIXES);
  });

  it("builds missing indexes on first use (as after a restart mid-build)", async () => {
    const { inventory, deferredIndexes: built } = await importOne();
    await built;
    const table = archiveTableName(inventory.id);
    for (const suffix of DEFERRED_SUFFIXES)
      await sql`drop index ${sql.table(`${table}${suffix}`)}`.execute(database.db);
    forgetDeferredIndexes(table); // A new process knows of no build.
    // Usable meanwhile: sorted pages come without the indexes, only slower.
    const page = await searchInventoryArchives({
      inventoryId: inventory.id,
      sort: "size",
      limit: 5,
      db: database.db,
    });
    expect(page.rows.map((r) => r.size)).toEqual(
      [...entries]
        .map((e) => e.size)
        .sort((a, b) => a - b)
        .slice(0, 5),
    );
    await deferredIndexesSettled(table);
    expect(await presentIndexes(table)).toEqual(DEFERRED_SUFFIXES);
  });

  it("deleting an inventory while its indexes are built leaves nothing and logs nothing", async () => {
    const warn = vi.spyOn(console, "warn");
    const { inventory, deferredIndexes: built } = await importOne();
    const table = archiveTableName(inventory.id);
    await deleteInventory(inventory.id, { db: database.db });
    await built;
    expect(await existingIndexes(database.db, table)).toEqual(new Set());
    const tables =
      target.dialect === "sqlite"
        ? sql<{ name: string }>`select name from sqlite_master where name = ${table}`
        : sql<{ name: string }>`select tablename as name from pg_tables where tablename = ${table}`;
    expect((await tables.execute(database.db)).rows).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });

  it("a build that fails is not restarted on every read, only after 10 minutes", async () => {
    const { inventory, deferredIndexes: built } = await importOne(50);
    await built;
    const table = archiveTableName(inventory.id);
    for (const suffix of DEFERRED_SUFFIXES)
      await sql`drop index ${sql.table(`${table}${suffix}`)}`.execute(database.db);
    // A repeated id slipped in behind the import's back: the unique index can no longer be built.
    await sql`update ${sql.table(table)} set archive_id = (select archive_id from ${sql.table(table)} where seq = 1) where seq = 2`.execute(
      database.db,
    );
    forgetDeferredIndexes(table);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const read = () => searchInventoryArchives({ inventoryId: inventory.id, limit: 1, db: database.db });
      await read();
      await deferredIndexesSettled(table);
      expect(warn).toHaveBeenCalledTimes(1);
      await read();
      await deferredIndexesSettled(table);
      expect(warn).toHaveBeenCalledTimes(1);
      vi.setSystemTime(Date.now() + 11 * 60_000);
      await read();
      await deferredIndexesSettled(table);
      expect(warn).toHaveBeenCalledTimes(2);
      expect(await presentIndexes(table)).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});
