import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type ThawDatabase } from "@/lib/db";
import { temporaryDirectory } from "@/lib/db/test-support";
import { importInventory } from "./import";
import { listInventories } from "./queries";
import { chunked, inventoryJson, makeEntries } from "./test-inventories";
import { type InventoryEntry } from "./types";

/**
 * On a SQLite file the import's unique ArchiveId index is built on a thread of its own
 * (index-worker.ts): the event loop keeps running while it sorts, and a duplicate id still fails the
 * import leaving nothing behind.
 */

const VAULT = "examplevault";
const TICK_MS = 5;

describe("inventory import: the ArchiveId index off the event loop [sqlite file]", () => {
  const dir = temporaryDirectory();
  let database: ThawDatabase;
  let job = 0;

  beforeAll(async () => {
    database = await createDatabase({ sqlitePath: path.join(dir.path, "thaw.db") });
  });
  afterAll(async () => {
    await database.close();
    dir.remove();
  });

  const importOf = (entries: readonly InventoryEntry[], connectionId: string, onProgress?: () => void) =>
    importInventory({
      connectionId,
      vaultName: VAULT,
      jobId: `job-${++job}`,
      format: "JSON",
      source: chunked(inventoryJson(entries), 1 << 20),
      db: database.db,
      parallel: false,
      ...(onProgress ? { onProgress } : {}),
    });

  it("keeps the event loop ticking while a 200k-archive import builds its index", async () => {
    const entries = makeEntries(200_000, "tick");
    // Ticks after the last progress report: the load is done, what is left is the index and the row update.
    let loadedAt = Number.POSITIVE_INFINITY;
    const ticks: number[] = [];
    const timer = setInterval(() => ticks.push(performance.now()), TICK_MS);
    let result: Awaited<ReturnType<typeof importInventory>>;
    try {
      result = await importOf(entries, "conn-tick", () => (loadedAt = performance.now()));
    } finally {
      clearInterval(timer);
    }
    const doneAt = performance.now();
    await result.sortIndexes;
    expect(result.inventory).toMatchObject({ status: "complete", archiveCount: entries.length });

    const after = [loadedAt, ...ticks.filter((t) => t > loadedAt), doneAt];
    const gaps = after.slice(1).map((t, i) => t - (after[i] ?? t));
    const indexMs = doneAt - loadedAt;
    const longestGap = Math.max(...gaps);
    console.info(`ArchiveId index phase ${indexMs.toFixed(0)} ms: ${after.length - 2} ticks, longest gap ${longestGap.toFixed(0)} ms`);
    // On the main thread the sort of 200k ids is one uninterrupted block of the whole phase.
    expect(indexMs).toBeGreaterThan(100);
    expect(longestGap).toBeLessThan(Math.min(100, indexMs / 2));
  }, 60_000);

  it("fails an inventory listing an ArchiveId twice and leaves nothing behind", async () => {
    const entries = makeEntries(3_000, "dup");
    const first = entries[0] as InventoryEntry;
    await expect(importOf([...entries, first], "conn-dup")).rejects.toThrow(
      "The inventory lists the same ArchiveId more than once",
    );
    expect(await listInventories("conn-dup", VAULT, { db: database.db })).toEqual([]);
    const rows = await database.db
      .selectFrom("inventories")
      .select(["status", "error", "archive_count", "archive_table"])
      .where("connection_id", "=", "conn-dup")
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "failed", error: "The inventory lists the same ArchiveId more than once", archive_count: 0 });
    const table = rows[0]?.archive_table ?? "";
    const left = await sql<{ name: string }>`select name from sqlite_master where name like ${`${table}%`}`.execute(database.db);
    expect(left.rows).toEqual([]);
  });
});
