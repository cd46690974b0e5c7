import { Readable } from "node:stream";
import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { type ThawDatabase } from "@/lib/db";
import { describeEachDialect } from "@/tests/support/db";
import { creationDateHistogram, diffInventories, sizeHistogram } from "./analysis";
import { InventoryImportError, InventoryImportInProgressError, InventoryNotFoundError } from "./errors";
import { importInventory, type ImportInventoryInput, worthALoadWorker } from "./import";
import { InventoryParseError } from "./parse";
import { deleteInventory, inventoryTotals, listInventories, searchInventoryArchives } from "./queries";
import {
  chunked,
  inventoryCsv,
  inventoryJson,
  makeEntries,
  TEST_INVENTORY_DATE,
  TEST_VAULT_ARN,
} from "@/tests/support/inventories";
import { type InventoryEntry } from "./types";

const VAULT = "examplevault";
const MT2_ETE = "mt2 eyJtdGltZSI6IjIwMTMwMTAxVDAwMDAwMFoiLCJmaWxlbmFtZSI6InBob3Rvcy_DqXTDqS5qcGcifQ";
const DESCRIPTIONS = [
  MT2_ETE,
  "<m><v>4</v><p>ZG9jcy9yZXBvcnQucGRm</p><lm>20190121T085242Z</lm></m>", // docs/report.pdf
  '{"Path":"c:\\\\data\\\\f+AF8-1.txt","UTCDateModified":"20100310T110623Z"}', // c:/data/f_1.txt
  "plain name.tar",
  "",
  "mt2 broken!",
];

let connectionCounter = 0;

describeEachDialect("inventory import", (target) => {
  let database: ThawDatabase;
  let connectionId: string;
  const entries = makeEntries(2_345, "v1", DESCRIPTIONS);

  beforeAll(async () => {
    database = await target.open();
  });

  const input = (overrides: Partial<ImportInventoryInput>): ImportInventoryInput => ({
    connectionId,
    vaultName: VAULT,
    jobId: null,
    format: "JSON",
    source: chunked(inventoryJson(entries), 65_536),
    db: database.db,
    // The load worker whatever the machine's load (auto would skip it on a busy test machine).
    parallel: true,
    ...overrides,
  });

  const tables = async () => {
    const query =
      target.dialect === "sqlite"
        ? sql<{
            name: string;
          }>`select name from sqlite_master where type = 'table' and name like 'inventory_archives_%'`
        : sql<{
            name: string;
          }>`select tablename as name from pg_tables where tablename like 'inventory_archives_%'`;
    return (await query.execute(database.db)).rows.map((r) => r.name);
  };

  it("imports a JSON inventory: header, counts, totals, decoded paths", async () => {
    connectionId = `conn-${++connectionCounter}`;
    const progress: number[] = [];
    const { inventory, reused } = await importInventory(
      input({ jobId: "job-1", onProgress: (p) => progress.push(p.archives) }),
    );
    expect(reused).toBe(false);
    expect(inventory).toMatchObject({
      vaultName: VAULT,
      vaultArn: TEST_VAULT_ARN,
      inventoryDate: TEST_INVENTORY_DATE,
      jobId: "job-1",
      format: "JSON",
      status: "complete",
      archiveCount: entries.length,
      totalBytes: entries.reduce((sum, e) => sum + e.size, 0),
    });
    expect(progress.at(-1)).toBe(entries.length);
    const totals = await inventoryTotals(inventory.id, { db: database.db });
    const per = (k: number) => entries.filter((_, i) => i % DESCRIPTIONS.length === k).length;
    expect(totals).toMatchObject({ archives: entries.length, emptyDescriptions: per(4) });
    expect(totals.duplicatePaths).toEqual({ groups: 4, archives: per(0) + per(1) + per(2) + per(3) });
    expect(totals.duplicateDescriptions).toEqual({ groups: 5, archives: entries.length - per(4) });
    expect(Object.fromEntries(totals.formats.map((f) => [f.format, f.archives]))).toEqual({
      mt2: per(0),
      "fastglacier-v4": per(1),
      cloudberry: per(2),
      plain: per(3),
      empty: per(4),
      unknown: per(5),
    });
    const page = await searchInventoryArchives({
      inventoryId: inventory.id,
      query: "été",
      db: database.db,
      limit: 3,
    });
    expect(page.total).toBe(per(0));
    expect(page.rows[0]).toMatchObject({
      path: "photos/été.jpg",
      format: "mt2",
      modified: "2013-01-01T00:00:00Z",
    });
  });

  it("re-importing the same job is idempotent and reads nothing", async () => {
    const first = (await listInventories(connectionId, VAULT, { db: database.db }))[0];
    let read = false;
    const source = Readable.from(
      (function* () {
        read = true;
        yield Buffer.from("not even JSON");
      })(),
    );
    const again = await importInventory(input({ jobId: "job-1", source }));
    expect(again).toMatchObject({ reused: true, inventory: { id: first?.id } });
    expect(read).toBe(false);
    expect(await listInventories(connectionId, VAULT, { db: database.db })).toHaveLength(1);
  });

  it("searches, sorts and pages", async () => {
    const [inventory] = await listInventories(connectionId, VAULT, { db: database.db });
    const id = inventory?.id ?? "";
    const bySize = await searchInventoryArchives({
      inventoryId: id,
      sort: "size",
      direction: "desc",
      limit: 5,
      offset: 2,
      db: database.db,
    });
    const sizes = [...entries]
      .map((e, i) => ({ size: e.size, seq: i + 1 }))
      .sort((a, b) => b.size - a.size || b.seq - a.seq);
    expect(bySize.rows.map((r) => r.seq)).toEqual(sizes.slice(2, 7).map((s) => s.seq));
    expect(bySize.total).toBe(entries.length);
    const byDate = await searchInventoryArchives({
      inventoryId: id,
      sort: "date",
      direction: "asc",
      limit: 3,
      db: database.db,
    });
    expect(byDate.rows.map((r) => r.creationDate)).toEqual(
      [...entries]
        .map((e) => e.creationDate)
        .sort()
        .slice(0, 3),
    );
    const byPath = await searchInventoryArchives({
      inventoryId: id,
      sort: "path",
      direction: "asc",
      limit: 1,
      offset: 0,
      db: database.db,
    });
    expect(byPath.rows[0]?.path).toBeNull();
    const pathDesc = await searchInventoryArchives({
      inventoryId: id,
      sort: "path",
      direction: "desc",
      limit: 1,
      db: database.db,
    });
    expect(pathDesc.rows[0]?.path).toBe("plain name.tar");
    const caseless = await searchInventoryArchives({ inventoryId: id, query: "REPORT.PDF", db: database.db });
    expect(caseless.total).toBe(entries.filter((_, i) => i % DESCRIPTIONS.length === 1).length);
    const literal = await searchInventoryArchives({ inventoryId: id, query: "f_1", db: database.db });
    expect(literal.rows.every((r) => r.path === "c:/data/f_1.txt")).toBe(true);
    expect((await searchInventoryArchives({ inventoryId: id, query: "%", db: database.db })).total).toBe(0);
    const byId = await searchInventoryArchives({
      inventoryId: id,
      query: entries[7]?.archiveId ?? "",
      db: database.db,
    });
    expect(byId.rows.map((r) => r.seq)).toEqual([8]);
  });

  it("computes size and creation-date histograms", async () => {
    const [inventory] = await listInventories(connectionId, VAULT, { db: database.db });
    const id = inventory?.id ?? "";
    const sizes = await sizeHistogram(id, { db: database.db });
    expect(sizes.reduce((n, b) => n + b.archives, 0)).toBe(entries.length);
    for (const bucket of sizes) {
      const inside = entries.filter(
        (e) => e.size >= bucket.from && (bucket.to === null || e.size < bucket.to),
      );
      expect(bucket.archives).toBe(inside.length);
      expect(bucket.bytes).toBe(inside.reduce((s, e) => s + e.size, 0));
    }
    const dates = await creationDateHistogram(id, { db: database.db });
    expect(dates.granularity).toBe("month");
    expect(dates.buckets.map((b) => b.bucket)).toEqual(["2012-01", "2012-02", "2012-03", "2012-04"]);
    expect(dates.buckets.reduce((n, b) => n + b.archives, 0)).toBe(entries.length);
    const days = await creationDateHistogram(id, { db: database.db, granularity: "day" });
    expect(days.buckets[0]).toEqual({
      bucket: "2012-01-01",
      archives: 24,
      bytes: expect.any(Number) as unknown,
    });
  });

  it("diffs two versions in SQL", async () => {
    const [previous] = await listInventories(connectionId, VAULT, { db: database.db });
    // Version 2: 100 archives deleted, 40 uploaded.
    const next = [...entries.slice(100), ...makeEntries(40, "v2", DESCRIPTIONS)];
    const csv = await importInventory(
      input({ jobId: "job-2", format: "CSV", source: chunked(inventoryCsv(next), 4096) }),
    );
    expect(csv.inventory).toMatchObject({ archiveCount: next.length, vaultArn: null, inventoryDate: null });
    const diff = await diffInventories(previous?.id ?? "", csv.inventory.id, {
      db: database.db,
      limit: 10,
      offset: 5,
    });
    expect(diff.added.count).toBe(40);
    expect(diff.removed.count).toBe(100);
    expect(diff.added.archives.map((a) => a.archiveId)).toEqual(
      next
        .slice(entries.length - 100)
        .slice(5, 15)
        .map((e) => e.archiveId),
    );
    expect(diff.removed.archives.map((a) => a.archiveId)).toEqual(
      entries.slice(5, 15).map((e) => e.archiveId),
    );
    expect(
      (await listInventories(connectionId, VAULT, { db: database.db })).map((i) => i.jobId).sort(),
    ).toEqual(["job-1", "job-2"]);
  });

  it.each(["JSON", "CSV"] as const)(
    "stores the same rows with and without the load worker (%s)",
    async (format) => {
      const source = () =>
        chunked(format === "JSON" ? inventoryJson(entries) : inventoryCsv(entries), 65_536);
      const rowsOf = async (parallel: boolean, jobId: string) => {
        const { inventory } = await importInventory(
          input({ jobId: `${jobId}-${format}`, parallel, format, source: source() }),
        );
        const row = await database.db
          .selectFrom("inventories")
          .select("archive_table")
          .where("id", "=", inventory.id)
          .executeTakeFirstOrThrow();
        const rows = (
          await sql<
            Record<string, unknown>
          >`select * from ${sql.table(row.archive_table)} order by seq`.execute(database.db)
        ).rows;
        await deleteInventory(inventory.id, { db: database.db });
        return rows.map((r) => ({ ...r, size: Number(r.size), seq: Number(r.seq) }));
      };
      const serial = await rowsOf(false, "job-serial");
      expect(serial).toHaveLength(entries.length);
      expect(await rowsOf(true, "job-parallel")).toEqual(serial);
    },
  );

  it("leaves nothing behind when the source is truncated or corrupt", async () => {
    const before = await tables();
    const text = inventoryJson(entries);
    const truncated = importInventory(
      input({ jobId: "job-3", source: chunked(text.slice(0, text.length - 500), 4096) }),
    );
    await expect(truncated).rejects.toBeInstanceOf(InventoryParseError);
    const wrongCount = importInventory(
      input({ jobId: "job-4", format: "CSV", source: chunked(`${inventoryCsv(entries)}a,b,c\n`, 4096) }),
    );
    await expect(wrongCount).rejects.toThrow(/line 2347/);
    const shortOfExpected = importInventory(
      input({ jobId: "job-5", expectedBytes: Buffer.byteLength(text) + 1 }),
    );
    await expect(shortOfExpected).rejects.toThrow(/truncated/);
    expect(await tables()).toEqual(before);
    expect(
      (await listInventories(connectionId, VAULT, { db: database.db })).map((i) => i.jobId).sort(),
    ).toEqual(["job-1", "job-2"]);
    const failed = await database.db
      .selectFrom("inventories")
      .select(["status", "error"])
      .where("job_id", "=", "job-3")
      .executeTakeFirst();
    expect(failed).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/Invalid inventory/) as unknown,
    });
    // A failed job can be imported again.
    const retried = await importInventory(
      input({ jobId: "job-3", source: chunked(inventoryJson(entries.slice(0, 10)), 4096) }),
    );
    expect(retried.inventory.archiveCount).toBe(10);
    await deleteInventory(retried.inventory.id, { db: database.db });
    expect(await tables()).toEqual(before);
  });

  it("refuses another vault's inventory, duplicate archive ids and a running import of the same job", async () => {
    const other = inventoryJson(entries.slice(0, 5), {
      vaultArn: "arn:aws:glacier:us-west-2:012345678901:vaults/other",
      inventoryDate: TEST_INVENTORY_DATE,
    });
    await expect(
      importInventory(input({ jobId: "job-6", source: chunked(other, 100) })),
    ).rejects.toBeInstanceOf(InventoryImportError);
    const first = entries[0] as InventoryEntry;
    const twice = inventoryJson([first, ...entries.slice(1, 5), first]);
    await expect(importInventory(input({ jobId: "job-7", source: chunked(twice, 100) }))).rejects.toThrow(
      /same ArchiveId/,
    );
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = async function* () {
      yield Buffer.from(`{"ArchiveList":[`);
      await gate;
      yield Buffer.from("]}");
    };
    const running = importInventory(input({ jobId: "job-8", source: slow() }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(importInventory(input({ jobId: "job-8" }))).rejects.toBeInstanceOf(
      InventoryImportInProgressError,
    );
    release();
    expect((await running).inventory.archiveCount).toBe(0);
  });

  it("clears an import abandoned by a crashed process and imports the job again", async () => {
    const crashed = await importInventory(
      input({ jobId: "job-9", source: chunked(inventoryJson(entries.slice(0, 3)), 100) }),
    );
    await database.db
      .updateTable("inventories")
      .set({ status: "importing", heartbeat_at: "2020-01-01T00:00:00.000Z" })
      .where("id", "=", crashed.inventory.id)
      .execute();
    expect(
      (await listInventories(connectionId, VAULT, { db: database.db })).map((i) => i.jobId),
    ).not.toContain("job-9");
    const again = await importInventory(
      input({ jobId: "job-9", source: chunked(inventoryJson(entries.slice(0, 4)), 100) }),
    );
    expect(again).toMatchObject({ reused: false, inventory: { archiveCount: 4 } });
    expect(again.inventory.id).not.toBe(crashed.inventory.id);
    expect(await tables()).not.toContain(`inventory_archives_${crashed.inventory.id.replace(/-/g, "")}`);
  });

  it("imports inside the caller's transaction", async () => {
    const inventory = await database.db.transaction().execute(async (trx) => {
      const result = await importInventory(
        input({ jobId: "job-10", source: chunked(inventoryJson(entries.slice(0, 6)), 100), db: trx }),
      );
      return result.inventory;
    });
    expect(inventory.archiveCount).toBe(6);
    expect((await searchInventoryArchives({ inventoryId: inventory.id, db: database.db })).total).toBe(6);
  });

  it("reads only complete inventories", async () => {
    await expect(inventoryTotals("no-such-id", { db: database.db })).rejects.toBeInstanceOf(
      InventoryNotFoundError,
    );
    const importing = await database.db
      .selectFrom("inventories")
      .select("id")
      .where("status", "=", "failed")
      .executeTakeFirst();
    await expect(
      searchInventoryArchives({ inventoryId: importing?.id ?? "", db: database.db }),
    ).rejects.toBeInstanceOf(InventoryNotFoundError);
  });
});

it("uses the load worker only when a core is free for it", () => {
  expect(worthALoadWorker(2, 0.3)).toBe(true);
  expect(worthALoadWorker(2, 1)).toBe(true);
  expect(worthALoadWorker(2, 1.6)).toBe(false);
  expect(worthALoadWorker(2, 3.5)).toBe(false);
  expect(worthALoadWorker(1, 0)).toBe(false);
  expect(worthALoadWorker(8, 6)).toBe(true);
});
