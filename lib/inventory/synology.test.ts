import fs from "node:fs";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type ThawDatabase } from "@/lib/db";
import { describeEachDialect, temporaryDirectory } from "@/tests/support/db";
import { SynologyMappingError } from "./errors";
import { importInventory } from "./import";
import { searchInventoryArchives } from "./queries";
import { importSynologyMapping, synologyPath } from "./synology";
import { archiveId, chunked, inventoryJson, makeEntries } from "@/tests/support/inventories";

const CONNECTION = "conn-synology";
const ARN = "arn:aws:glacier:eu-west-1:012345678901:vaults/photos";
const DATE = "2020-01-01T00:00:00Z";

/** A mapping database in Synology Glacier Backup's layout (formats.md §1.8). */
function mappingDatabase(
  file: string,
  rows: { share: string; base: string; id: string; version: number; current: number; time: number }[],
): void {
  const db = new BetterSqlite3(file);
  db.exec(`CREATE TABLE backup_info_tb (key TEXT PRIMARY KEY, value TEXT);
    CREATE TABLE file_info_tb (key INTEGER PRIMARY KEY, shareName TEXT, basePath TEXT, archiveID TEXT,
      lastBkpTime INTEGER, fileSize INTEGER, archiveVersion INTEGER, current INTEGER);`);
  const insert = db.prepare(
    "INSERT INTO file_info_tb (shareName, basePath, archiveID, lastBkpTime, fileSize, archiveVersion, current) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  for (const r of rows) insert.run(r.share, r.base, r.id, r.time, 1234, r.version, r.current);
  db.close();
}

describeEachDialect("Synology mapping", (target) => {
  let database: ThawDatabase;
  const dir = temporaryDirectory();
  // Synology data archives carry opaque ~138-character descriptions.
  const entries = makeEntries(30, "syno", ["x".repeat(138), ""]);
  const mapped = entries.slice(0, 20);

  beforeAll(async () => {
    database = await target.open();
    const rows = mapped.map((e, i) => ({
      share: "/photo/",
      base: `/2019/IMG_${i}.JPG`,
      id: e.archiveId,
      version: 1,
      current: 1,
      time: 1_600_000_000 + i,
    }));
    // An older, non-current row for the same archive must lose to the current one.
    rows.push({
      share: "photo",
      base: "old/IMG_0.JPG",
      id: mapped[0]?.archiveId ?? "",
      version: 0,
      current: 0,
      time: 1,
    });
    // A name for an archive the inventory does not list is kept for later versions.
    rows.push({ share: "photo", base: "later.JPG", id: archiveId("later"), version: 1, current: 1, time: 2 });
    mappingDatabase(path.join(dir.path, "photos.mapping.db"), rows);
  });
  afterAll(() => dir.remove());

  const pathsOf = async (inventoryId: string) => {
    const page = await searchInventoryArchives({
      inventoryId,
      sort: "path",
      direction: "asc",
      limit: 1000,
      db: database.db,
    });
    return new Map(page.rows.map((r) => [r.archiveId, { path: r.path, format: r.format }]));
  };

  it("names the data vault's archives from the mapping database, in every version", async () => {
    const source = chunked(inventoryJson(entries, { vaultArn: ARN, inventoryDate: DATE }), 1000);
    const { inventory } = await importInventory({
      connectionId: CONNECTION,
      vaultName: "photos",
      jobId: "j1",
      format: "JSON",
      source,
      db: database.db,
    });
    const result = await importSynologyMapping({
      connectionId: CONNECTION,
      vaultName: "photos_mapping",
      sqliteFile: path.join(dir.path, "photos.mapping.db"),
      db: database.db,
    });
    expect(result).toEqual({ connectionId: CONNECTION, vaultName: "photos", names: 21, matched: 20 });
    const paths = await pathsOf(inventory.id);
    expect(paths.get(mapped[0]?.archiveId ?? "")).toEqual({
      path: "photo/2019/IMG_0.JPG",
      format: "synology",
    });
    expect(paths.get(mapped[19]?.archiveId ?? "")).toEqual({
      path: "photo/2019/IMG_19.JPG",
      format: "synology",
    });
    expect(paths.get(entries[25]?.archiveId ?? "")?.format).not.toBe("synology");
    const search = await searchInventoryArchives({
      inventoryId: inventory.id,
      query: "IMG_1",
      db: database.db,
    });
    expect(search.total).toBe(11);

    // A later inventory of the vault gets the names while it is imported.
    const next = [
      ...entries.slice(1),
      ...makeEntries(1, "later-seed").map((e) => ({ ...e, archiveId: archiveId("later") })),
    ];
    const later = await importInventory({
      connectionId: CONNECTION,
      vaultName: "photos",
      jobId: "j2",
      format: "JSON",
      source: chunked(inventoryJson(next, { vaultArn: ARN, inventoryDate: DATE }), 1000),
      db: database.db,
    });
    const laterPaths = await pathsOf(later.inventory.id);
    expect(laterPaths.get(archiveId("later"))).toEqual({ path: "photo/later.JPG", format: "synology" });
    expect([...laterPaths.values()].filter((p) => p.format === "synology")).toHaveLength(20);

    // Addressed through an inventory id: the same names again, applied to both versions.
    const again = await importSynologyMapping({
      inventoryId: inventory.id,
      sqliteFile: path.join(dir.path, "photos.mapping.db"),
      db: database.db,
    });
    expect(again).toMatchObject({ vaultName: "photos", names: 21, matched: 40 });
  });

  it("refuses files that are not a mapping database", async () => {
    const garbage = path.join(dir.path, "garbage.db");
    fs.writeFileSync(garbage, "this is not sqlite at all, just some bytes".repeat(100));
    const other = path.join(dir.path, "other.db");
    new BetterSqlite3(other).exec("CREATE TABLE t (x)").close();
    for (const file of [garbage, other, path.join(dir.path, "missing.db")]) {
      await expect(
        importSynologyMapping({
          connectionId: CONNECTION,
          vaultName: "photos",
          sqliteFile: file,
          db: database.db,
        }),
      ).rejects.toBeInstanceOf(SynologyMappingError);
    }
  });
});

it("joins share and base path with one slash", () => {
  expect(synologyPath("/photo/", "/2019/a.jpg")).toBe("photo/2019/a.jpg");
  expect(synologyPath("photo", "2019\\a.jpg")).toBe("photo/2019/a.jpg");
  expect(synologyPath("", "")).toBeNull();
  expect(synologyPath(null, "a.jpg")).toBe("a.jpg");
});
