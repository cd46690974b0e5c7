import "server-only";
import { randomUUID } from "node:crypto";
import os from "node:os";
import { Readable } from "node:stream";
import { type Kysely } from "kysely";
import { type Database, dbOf, type DbOptions, isUniqueViolation } from "@/lib/db";
import { ArchiveIdHashes } from "./archive-id-hashes";
import {
  archiveTableName,
  type ArchiveTableName,
  createArchiveTable,
  dropArchiveTable,
  indexArchiveTable,
} from "./archive-table";
import { type ArchiveWriter, openArchiveWriter } from "./archive-writer";
import { buildDeferredIndexes, dropInventoryTable } from "./deferred-indexes";
import { InventoryImportInProgressError } from "./errors";
import { load, type Loaded, type LoadInput, loadInParallel, worthALoadWorker } from "./load-rows";
import { applyArchiveNames } from "./names";
import { type InventorySource } from "./parse";
import { importingInventoryRow, type InventoryRow, type InventorySummary, toSummary } from "./rows";
import { type InventoryCoverage, WHOLE_VAULT } from "./coverage";
import { rejectDuplicateIds } from "./unique-ids";

export type { ImportProgress } from "./load-rows";
export { worthALoadWorker } from "./load-rows";

export interface ImportInventoryInput extends LoadInput, DbOptions {
  connectionId: string;
  /** The inventory-retrieval job; importing the same job again returns the first import. */
  jobId: string | null;
  /** What the job's InventoryRetrievalParameters cut it to (coverageOfJob); the whole vault when absent. */
  coverage?: InventoryCoverage;
}

export interface ImportInventoryResult {
  inventory: InventorySummary;
  /** True when this job was imported before and nothing was read. */
  reused: boolean;
  /**
   * Settles once the catalog's indexes exist (the ArchiveId and sort indexes, built in the background
   * after the import; never rejects). The inventory is complete and searchable before: look-ups by id
   * and sorted pages are only slower until then.
   */
  deferredIndexes: Promise<void>;
}

export const JOB_INDEX = {
  name: "inventories_connection_job_unique",
  sqliteColumns: "inventories.connection_id, inventories.job_id",
};
const HEARTBEAT_MS = 10_000;
/** A low guess of an inventory's bytes per archive, to size the ArchiveId hashes up front. */
const BYTES_PER_ARCHIVE_AT_LEAST = 250;
/** An 'importing' row whose heartbeat is older than this belongs to a crashed process. */
const STALE_AFTER_MS = 2 * 60_000;

/**
 * Imports an inventory into the catalog as a new version of the vault. Streams the source (memory
 * bounded but for 8 bytes per archive: the ids' hashes), decodes every description, and makes the inventory visible only once every archive is
 * stored and every ArchiveId is known to be unique: a corrupt, truncated or failed import leaves no visible inventory (its row
 * stays as 'failed' with the reason, its archive table is dropped).
 */
export async function importInventory(input: ImportInventoryInput): Promise<ImportInventoryResult> {
  const db = await dbOf(input);
  const id = randomUUID();
  const table = archiveTableName(id);
  try {
    const previous = await reusable(db, input);
    if (previous) {
      discard(input.source);
      return { inventory: toSummary(previous), reused: true, deferredIndexes: Promise.resolve() };
    }
    await claim(db, input, id, table);
  } catch (error) {
    discard(input.source);
    throw error;
  }
  const heartbeat = setInterval(() => void beat(db, id), HEARTBEAT_MS);
  heartbeat.unref();
  let writer: ArchiveWriter | null = null;
  try {
    writer = await openArchiveWriter(db, table);
    const loaded = await loadRows(writer, table, input);
    const row = await complete(db, id, loaded);
    // Inside a caller's transaction every index was built already (nothing may outlive it).
    if (db.isTransaction) await writer.close();
    const deferredIndexes = db.isTransaction ? Promise.resolve() : buildDeferredIndexes(writer, table);
    writer = null;
    return { inventory: toSummary(row), reused: false, deferredIndexes };
  } catch (error) {
    await writer?.close().catch(() => undefined);
    await fail(db, id, table, error);
    throw error;
  } finally {
    clearInterval(heartbeat);
  }
}

/** Makes the inventory visible: every archive is stored, every ArchiveId checked unique. */
async function complete(db: Kysely<Database>, id: string, loaded: Loaded): Promise<InventoryRow> {
  const now = new Date().toISOString();
  return db
    .updateTable("inventories")
    .set({
      status: "complete",
      vault_arn: loaded.header.vaultArn,
      inventory_date: loaded.header.inventoryDate,
      archive_count: loaded.archives,
      total_bytes: loaded.bytes,
      heartbeat_at: now,
      imported_at: now,
    })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A source that will not be read is closed, so a download or file handle is not left open. */
function discard(source: InventorySource): void {
  if (source instanceof Readable) source.destroy();
}

/** A complete import of the same job, after clearing away a failed or abandoned one. */
async function reusable(
  db: Kysely<Database>,
  input: ImportInventoryInput,
): Promise<InventoryRow | undefined> {
  if (input.jobId === null) return undefined;
  const row = await db
    .selectFrom("inventories")
    .selectAll()
    .where("connection_id", "=", input.connectionId)
    .where("job_id", "=", input.jobId)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.status === "complete") return row;
  if (row.status === "importing" && Date.now() - Date.parse(row.heartbeat_at) < STALE_AFTER_MS) {
    throw new InventoryImportInProgressError(input.jobId);
  }
  await dropInventoryTable(db, row.archive_table);
  await db.deleteFrom("inventories").where("id", "=", row.id).execute();
  return undefined;
}

async function claim(
  db: Kysely<Database>,
  input: ImportInventoryInput,
  id: string,
  table: ArchiveTableName,
): Promise<void> {
  try {
    await db
      .insertInto("inventories")
      .values(
        importingInventoryRow(
          {
            id,
            connection_id: input.connectionId,
            vault_name: input.vaultName,
            vault_arn: null,
            inventory_date: null,
            job_id: input.jobId,
            format: input.format,
            archive_table: table,
          },
          input.coverage ?? WHOLE_VAULT,
        ),
      )
      .execute();
  } catch (error) {
    // Another process claimed the same job between our look-up and this insert.
    if (input.jobId !== null && isUniqueViolation(error, JOB_INDEX))
      throw new InventoryImportInProgressError(input.jobId);
    throw error;
  }
}

async function beat(db: Kysely<Database>, id: string): Promise<void> {
  await db
    .updateTable("inventories")
    .set({ heartbeat_at: new Date().toISOString() })
    .where("id", "=", id)
    .where("status", "=", "importing")
    .execute()
    .catch(() => undefined);
}

/**
 * Creates the table, loads every archive, applies known names and rejects a repeated ArchiveId. The
 * indexes come after the import (deferred-indexes.ts), except inside a caller's transaction, which
 * nothing may outlive.
 */
async function loadRows(
  writer: ArchiveWriter,
  table: ArchiveTableName,
  input: ImportInventoryInput,
): Promise<Loaded> {
  await createArchiveTable(writer.db, table);
  const parallel = input.parallel ?? worthALoadWorker(os.availableParallelism(), os.loadavg()[0] ?? 0);
  const ids = new ArchiveIdHashes((input.expectedBytes ?? 0) / BYTES_PER_ARCHIVE_AT_LEAST);
  const loaded =
    writer.file !== null && parallel
      ? await loadInParallel(writer.file, table, writer, input, ids)
      : await load(writer, input, ids);
  await applyArchiveNames(writer.db, {
    connectionId: input.connectionId,
    vaultName: input.vaultName,
    table,
  });
  await rejectDuplicateIds(writer, table, ids);
  if (writer.db.isTransaction) await indexArchiveTable(writer.db, table);
  return loaded;
}

/** Best effort: the caller gets the original error whatever happens here. */
async function fail(
  db: Kysely<Database>,
  id: string,
  table: ArchiveTableName,
  error: unknown,
): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  await dropArchiveTable(db, table).catch(() => undefined);
  await db
    .updateTable("inventories")
    .set({
      status: "failed",
      error: message.slice(0, 2000),
      archive_count: 0,
      total_bytes: 0,
      heartbeat_at: new Date().toISOString(),
    })
    .where("id", "=", id)
    .execute()
    .catch(() => undefined);
}
