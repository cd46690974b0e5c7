import "server-only";
import BetterSqlite3 from "better-sqlite3";
import { type Kysely } from "kysely";
import { type Database, dbOf, type DbOptions, inTransaction } from "@/lib/db";
import { type ArchiveNamesTable } from "@/lib/db/schema";
import { checkedName } from "./archive-table";
import { SynologyMappingError } from "./errors";
import { applyArchiveNames, dataVaultOf } from "./names";
import { getInventoryRowOrThrow } from "./queries";

/**
 * Synology Glacier Backup (formats.md §1.8) renames data archives to random strings and keeps the
 * real names in an SQLite database, the single archive of the `<vault>_mapping` vault:
 * `file_info_tb(key, shareName, basePath, archiveID, lastBkpTime, fileSize, archiveVersion, current)`.
 * Importing that file stores its names for the data vault and applies them to every inventory of it
 * (an inventory imported later gets them too).
 */

export type SynologyTarget = { inventoryId: string } | { connectionId: string; vaultName: string };

export type ImportSynologyMappingInput = SynologyTarget & DbOptions & { sqliteFile: string };

export interface SynologyMappingResult {
  connectionId: string;
  /** The data vault the names belong to (`photos` for `photos_mapping`). */
  vaultName: string;
  /** Archives the mapping database names. */
  names: number;
  /** Archives of the vault's catalogued inventories that now carry a mapped path (all versions). */
  matched: number;
}

const REQUIRED_COLUMNS = ["shareName", "basePath", "archiveID", "lastBkpTime", "fileSize", "current"];
const BATCH = 500;

interface MappingRow {
  shareName: unknown;
  basePath: unknown;
  archiveID: unknown;
  lastBkpTime: unknown;
  fileSize: unknown;
}

async function resolveTarget(
  db: Kysely<Database>,
  target: SynologyTarget,
): Promise<{ connectionId: string; vaultName: string }> {
  if ("inventoryId" in target) {
    const inventory = await getInventoryRowOrThrow(db, target.inventoryId);
    return { connectionId: inventory.connection_id, vaultName: dataVaultOf(inventory.vault_name) };
  }
  return { connectionId: target.connectionId, vaultName: dataVaultOf(target.vaultName) };
}

function openMapping(file: string): BetterSqlite3.Database {
  let mapping: BetterSqlite3.Database;
  try {
    mapping = new BetterSqlite3(/*turbopackIgnore: true*/ file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new SynologyMappingError(
      `Cannot open the mapping database: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  try {
    const columns = (
      mapping.prepare("select name from pragma_table_info('file_info_tb')").all() as { name: string }[]
    ).map((c) => c.name);
    const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
    if (missing.length > 0) {
      throw new SynologyMappingError(
        columns.length === 0
          ? "Not a Synology Glacier Backup mapping database: it has no file_info_tb table"
          : `The mapping database's file_info_tb lacks ${missing.join(", ")}`,
      );
    }
    return mapping;
  } catch (error) {
    mapping.close();
    if (error instanceof SynologyMappingError) throw error;
    throw new SynologyMappingError(
      `Not a readable SQLite database: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** `shareName/basePath` with slashes normalised (Synology writes basePath with or without a leading `/`). */
export function synologyPath(shareName: unknown, basePath: unknown): string | null {
  const share = String(shareName ?? "")
    .replace(/\\/g, "/")
    .replace(/^\/+|\/+$/g, "");
  const base = String(basePath ?? "")
    .replace(/\\/g, "/")
    .replace(/^\/+/, "");
  const path = [share, base].filter((p) => p !== "").join("/");
  return path === "" ? null : path;
}

function epochSecondsToIso(value: unknown): string | null {
  const seconds = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) return null;
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Rows, one per archive: when a file has several rows for one archive, the current/latest wins. */
function* mappingNames(
  mapping: BetterSqlite3.Database,
  target: { connectionId: string; vaultName: string },
  now: string,
) {
  const rows = mapping
    .prepare(
      `select shareName, basePath, archiveID, lastBkpTime, fileSize from file_info_tb
       where archiveID is not null and archiveID <> ''
       order by archiveID, current desc, lastBkpTime desc`,
    )
    .iterate() as IterableIterator<MappingRow>;
  let last: string | null = null;
  for (const row of rows) {
    const archiveId = String(row.archiveID);
    const path = synologyPath(row.shareName, row.basePath);
    if (archiveId === last || path === null) continue;
    last = archiveId;
    const size = typeof row.fileSize === "number" && Number.isSafeInteger(row.fileSize) ? row.fileSize : null;
    const name: ArchiveNamesTable = {
      connection_id: target.connectionId,
      vault_name: target.vaultName,
      archive_id: archiveId,
      path,
      size,
      backed_up_at: epochSecondsToIso(row.lastBkpTime),
      source: "synology",
      imported_at: now,
    };
    yield name;
  }
}

/** Reads a `_mapping` vault's database (read-only) and names the data vault's archives with it. */
export async function importSynologyMapping(
  input: ImportSynologyMappingInput,
): Promise<SynologyMappingResult> {
  const db = await dbOf(input);
  const target = await resolveTarget(db, input);
  const mapping = openMapping(input.sqliteFile);
  let names = 0;
  try {
    const now = new Date().toISOString();
    await inTransaction(db, async (trx) => {
      // A newer mapping database replaces the previous one's names for this vault.
      await trx
        .deleteFrom("archive_names")
        .where("connection_id", "=", target.connectionId)
        .where("vault_name", "=", target.vaultName)
        .where("source", "=", "synology")
        .execute();
      let batch: ArchiveNamesTable[] = [];
      for (const name of mappingNames(mapping, target, now)) {
        batch.push(name);
        if (batch.length === BATCH) {
          await trx.insertInto("archive_names").values(batch).execute();
          names += batch.length;
          batch = [];
        }
      }
      if (batch.length > 0) await trx.insertInto("archive_names").values(batch).execute();
      names += batch.length;
    });
  } finally {
    mapping.close();
  }
  return { ...target, names, matched: await applyToInventories(db, target) };
}

async function applyToInventories(
  db: Kysely<Database>,
  target: { connectionId: string; vaultName: string },
): Promise<number> {
  const inventories = await db
    .selectFrom("inventories")
    .select("archive_table")
    .where("connection_id", "=", target.connectionId)
    .where("vault_name", "=", target.vaultName)
    .where("status", "=", "complete")
    .execute();
  let matched = 0;
  for (const inventory of inventories) {
    matched += await applyArchiveNames(db, { ...target, table: checkedName(inventory.archive_table) });
  }
  return matched;
}
