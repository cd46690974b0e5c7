import { readFile, rm } from "node:fs/promises";
import Database from "better-sqlite3";
import { type SeedWriter } from "./writer";

const VAULT = "photos";
const MAPPING_VAULT = "photos_mapping";
const SHARE = "photo";
const ALBUMS = ["Holidays", "Family", "Garden", "Birthday", "Hiking", "Misc"] as const;

interface MappingRow {
  shareName: string;
  basePath: string;
  archiveID: string;
  lastBkpTime: number;
  fileSize: number;
  archiveVersion: number;
  current: number;
}

/** Synology names data archives with ~138 random characters, or leaves the description empty. */
function opaqueDescription(w: SeedWriter): string {
  return w.rng.next() < 0.75 ? w.rng.base64url(w.rng.int(136, 140)) : "";
}

/** The `<vault>_mapping` archive: a real SQLite database in Synology Glacier Backup's layout. */
async function mappingDatabase(
  tempPath: string,
  rows: readonly MappingRow[],
  lastBackup: Date,
): Promise<Buffer> {
  const db = new Database(tempPath);
  try {
    db.exec(`
      CREATE TABLE backup_info_tb (key TEXT PRIMARY KEY, value TEXT);
      CREATE TABLE file_info_tb (key INTEGER PRIMARY KEY, shareName TEXT, basePath TEXT, archiveID TEXT,
        lastBkpTime INTEGER, fileSize INTEGER, archiveVersion INTEGER, current INTEGER);
    `);
    const info = db.prepare("INSERT INTO backup_info_tb (key, value) VALUES (?, ?)");
    for (const [key, value] of [
      ["taskName", "photos"],
      ["bkpFolder", `/${SHARE}`],
      ["hostName", "DiskStation"],
      ["lastBkpTime", String(Math.floor(lastBackup.getTime() / 1000))],
    ]) {
      info.run(key, value);
    }
    const file = db.prepare(
      "INSERT INTO file_info_tb (shareName, basePath, archiveID, lastBkpTime, fileSize, archiveVersion, current) VALUES (@shareName, @basePath, @archiveID, @lastBkpTime, @fileSize, @archiveVersion, @current)",
    );
    db.transaction(() => rows.forEach((row) => file.run(row)))();
  } finally {
    db.close();
  }
  const content = await readFile(tempPath);
  await rm(tempPath, { force: true });
  return content;
}

/** `photos` (opaque Synology descriptions) and `photos_mapping` (their id → path database). */
export async function seedPhotos(w: SeedWriter): Promise<void> {
  const created = w.daysAgo(1800);
  w.addVault(VAULT, created);
  w.addVault(MAPPING_VAULT, created);
  const rows: MappingRow[] = [];
  let lastBackup = created;
  for (let i = 0; i < 60; i++) {
    const year = 2018 + Math.floor(i / 12);
    const basePath = `${year}/${w.rng.pick(ALBUMS)}/IMG_${String(4000 + i * 7).padStart(4, "0")}.JPG`;
    // Every tenth photo was edited later: two versions, only the newer one current.
    const versions = i % 10 === 3 ? 2 : 1;
    for (let version = 1; version <= versions; version++) {
      const size = w.rng.logInt(150_000, 4_000_000);
      const uploaded = w.between(w.daysAgo(1790 - i * 28), w.daysAgo(1780 - i * 28));
      const archiveID = w.addSynthetic(
        VAULT,
        `demo:${VAULT}:${basePath}:v${version}`,
        size,
        opaqueDescription(w),
        uploaded,
      );
      const lastBkpTime = Math.floor(uploaded.getTime() / 1000);
      rows.push({
        shareName: SHARE,
        basePath,
        archiveID,
        lastBkpTime,
        fileSize: size,
        archiveVersion: version,
        current: version === versions ? 1 : 0,
      });
      if (uploaded > lastBackup) lastBackup = uploaded;
    }
  }
  const content = await mappingDatabase(w.tempPath(), rows, lastBackup);
  await w.addFile(MAPPING_VAULT, content, opaqueDescription(w), new Date(lastBackup.getTime() + 600_000));
}
