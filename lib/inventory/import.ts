import "server-only";
import { randomUUID } from "node:crypto";
import os from "node:os";
import { Readable } from "node:stream";
import { type Kysely } from "kysely";
import { type Database, getDatabase, isUniqueViolation } from "@/lib/db";
import { decodeDescription } from "@/lib/glacier/descriptions";
import {
  ARCHIVE_COLUMNS,
  archiveIdIndex,
  archiveTableName,
  type ArchiveTableName,
  createArchiveTable,
  dropArchiveTable,
  indexArchiveTable,
} from "./archive-table";
import {
  type ArchiveWriter,
  IMPORT_PRAGMAS,
  INDEX_THREAD_PRAGMAS,
  insertParts,
  openArchiveWriter,
  ROWS_PER_STATEMENT,
} from "./archive-writer";
import { InventoryImportError, InventoryImportInProgressError } from "./errors";
import { execInWorker } from "./index-worker";
import { LoadWorker } from "./load-worker";
import { applyArchiveNames } from "./names";
import { type InventorySource, parseInventory } from "./parse";
import { type InventoryRow, type InventorySummary, toSummary } from "./rows";
import { buildSortIndexes, dropInventoryTable } from "./sort-indexes";
import { type InventoryEntry, type InventoryFormat, type InventoryHeader } from "./types";

export interface ImportProgress {
  archives: number;
  /** Bytes of the inventory read so far (compare with the job's InventorySizeInBytes). */
  bytes: number;
}

export interface ImportInventoryInput {
  connectionId: string;
  vaultName: string;
  /** The inventory-retrieval job; importing the same job again returns the first import. */
  jobId: string | null;
  format: InventoryFormat;
  source: InventorySource;
  onProgress?: (progress: ImportProgress) => void;
  /** The job's InventorySizeInBytes, when known: a shorter source is refused as truncated. */
  expectedBytes?: number;
  /** Store JSON rows from a second thread (SQLite files only); default: when a core is free (worthALoadWorker). */
  parallel?: boolean;
  db?: Kysely<Database>;
}

export interface ImportInventoryResult {
  inventory: InventorySummary;
  /** True when this job was imported before and nothing was read. */
  reused: boolean;
  /**
   * Settles once the catalog's sort indexes exist (built in the background after the import; never
   * rejects). The inventory is complete and searchable before: sorted pages are slower until then.
   */
  sortIndexes: Promise<void>;
}

const JOB_INDEX = {
  name: "inventories_connection_job_unique",
  sqliteColumns: "inventories.connection_id, inventories.job_id",
};
const ARCHIVE_INDEX_SUFFIX = "_archive";
/** Rows per transaction: large enough to amortise commits, small enough to hold the connection briefly. */
const ROWS_PER_TRANSACTION = 5_000;
const HEARTBEAT_MS = 10_000;
/** Inventory text per message to the load worker. */
const SEND_CHARS = 1 << 20;
/** An 'importing' row whose heartbeat is older than this belongs to a crashed process. */
const STALE_AFTER_MS = 2 * 60_000;

/**
 * Imports an inventory into the catalog as a new version of the vault. Streams the source (bounded
 * memory), decodes every description, and makes the inventory visible only once every archive is
 * stored and indexed: a corrupt, truncated or failed import leaves no visible inventory (its row
 * stays as 'failed' with the reason, its archive table is dropped).
 */
export async function importInventory(input: ImportInventoryInput): Promise<ImportInventoryResult> {
  const db = input.db ?? (await getDatabase()).db;
  const id = randomUUID();
  const table = archiveTableName(id);
  try {
    const previous = await reusable(db, input);
    if (previous) {
      discard(input.source);
      return { inventory: toSummary(previous), reused: true, sortIndexes: Promise.resolve() };
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
    const loaded = await loadAndIndex(writer, table, input);
    const row = await complete(db, id, loaded);
    // Inside a caller's transaction every index was built already (nothing may outlive it).
    if (db.isTransaction) await writer.close();
    const sortIndexes = db.isTransaction ? Promise.resolve() : buildSortIndexes(writer, table);
    writer = null;
    return { inventory: toSummary(row), reused: false, sortIndexes };
  } catch (error) {
    await writer?.close().catch(() => undefined);
    await fail(db, id, table, error);
    throw error;
  } finally {
    clearInterval(heartbeat);
  }
}

/** Makes the inventory visible: every archive is stored and the ArchiveId index is built. */
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
  const now = new Date().toISOString();
  try {
    await db
      .insertInto("inventories")
      .values({
        id,
        connection_id: input.connectionId,
        vault_name: input.vaultName,
        vault_arn: null,
        inventory_date: null,
        job_id: input.jobId,
        format: input.format,
        archive_table: table,
        archive_count: 0,
        total_bytes: 0,
        status: "importing",
        error: null,
        started_at: now,
        heartbeat_at: now,
        imported_at: null,
      })
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

/** Appends the decoded columns of one archive (decoded_path, decoded_format, decoded_modified). */
function pushDecoded(values: unknown[], entry: InventoryEntry): void {
  const decoded = decodeDescription(entry.description);
  values.push(decoded.path ?? "", decoded.format, decoded.modified);
}

/** Appends one archive's values in ARCHIVE_COLUMNS order (a flat array: no object per row to collect). */
function pushRow(values: unknown[], entry: InventoryEntry, seq: number): void {
  values.push(seq, entry.archiveId, entry.description);
  pushDecoded(values, entry);
  values.push(entry.creationDate, entry.size, entry.treeHash);
}

interface Loaded {
  header: InventoryHeader;
  archives: number;
  bytes: number;
}

/**
 * Creates the table, loads every archive, applies known names, then builds the unique ArchiveId
 * index (the sort indexes come after the import, see sort-indexes.ts).
 */
async function loadAndIndex(writer: ArchiveWriter, table: ArchiveTableName, input: ImportInventoryInput): Promise<Loaded> {
  await createArchiveTable(writer.db, table);
  const parallel =
    input.format === "JSON" &&
    (input.parallel ?? worthALoadWorker(os.availableParallelism(), os.loadavg()[0] ?? 0));
  const loaded =
    writer.file !== null && parallel
      ? await loadInParallel(writer.file, table, writer, input)
      : await load(writer, input);
  await applyArchiveNames(writer.db, {
    connectionId: input.connectionId,
    vaultName: input.vaultName,
    table,
  });
  await buildIndexes(writer, table);
  return loaded;
}

async function load(writer: ArchiveWriter, input: ImportInventoryInput): Promise<Loaded> {
  const parser = parseInventory(input.source, input.format, {
    batchSize: ROWS_PER_STATEMENT,
    ...(input.expectedBytes === undefined ? {} : { expectedBytes: input.expectedBytes }),
  });
  let values: unknown[] = [];
  let archives = 0;
  let bytes = 0;
  const flush = async () => {
    checkVault(parser.header, input.vaultName);
    await writer.write(values);
    values = [];
    input.onProgress?.({ archives, bytes: parser.bytesRead });
  };
  for await (const batch of parser.batches()) {
    for (const entry of batch) {
      pushRow(values, entry, ++archives);
      bytes += entry.size;
    }
    if (values.length >= ROWS_PER_TRANSACTION * ARCHIVE_COLUMNS.length) await flush();
  }
  await flush();
  return { header: parser.header, archives, bytes };
}

/**
 * The load worker shortens the import only when it gets a core of its own; it costs about 15 % more
 * CPU (the runs are parsed twice, texts cross threads), so on a saturated machine it would only
 * slow everything down. Measured on the 2-core box at a load average of 6–7 (other test runs): the
 * worker 12–14 s of CPU against 10–11 s without it, and no gain in wall time.
 */
export function worthALoadWorker(cores: number, loadAverage: number): boolean {
  return cores >= 2 && loadAverage < cores - 0.5;
}

/**
 * A JSON inventory into a SQLite file: this thread parses, validates and decodes run by run while a
 * LoadWorker stores the previous runs (see load-worker.ts). The same transactions, the same rows.
 */
async function loadInParallel(
  file: string,
  table: ArchiveTableName,
  writer: ArchiveWriter,
  input: ImportInventoryInput,
): Promise<Loaded> {
  const parser = parseInventory(
    input.source,
    "JSON",
    input.expectedBytes === undefined ? {} : { expectedBytes: input.expectedBytes },
  );
  const worker = new LoadWorker({
    file,
    ...insertParts(writer.db, table),
    width: ARCHIVE_COLUMNS.length,
    rowsPerStatement: ROWS_PER_STATEMENT,
    rowsPerTransaction: ROWS_PER_TRANSACTION,
    pragmas: IMPORT_PRAGMAS,
  });
  let archives = 0;
  let bytes = 0;
  // Runs are as small as the source's chunks (64 KiB from a socket): sent ≈ 1 MiB at a time.
  let texts: string[] = [];
  let textLength = 0;
  let decoded: unknown[] = [];
  let first = 1;
  const send = async () => {
    if (texts.length === 0) return;
    await worker.send(texts.join(","), JSON.stringify(decoded), first);
    [texts, textLength, decoded, first] = [[], 0, [], archives + 1];
  };
  try {
    for await (const run of parser.runs()) {
      checkVault(parser.header, input.vaultName);
      for (const entry of run.entries) {
        pushDecoded(decoded, entry);
        bytes += entry.size;
      }
      texts.push(run.text);
      textLength += run.text.length;
      archives += run.entries.length;
      if (textLength >= SEND_CHARS) await send();
      input.onProgress?.({ archives, bytes: parser.bytesRead });
    }
    checkVault(parser.header, input.vaultName);
    await send();
    await worker.finish();
  } catch (error) {
    await worker.abort();
    throw error;
  }
  return { header: parser.header, archives, bytes };
}

/** The inventory must be of the vault it is imported for (a JSON inventory names it in VaultARN). */
function checkVault(header: InventoryHeader, vaultName: string): void {
  const arnVault = header.vaultArn?.split(":vaults/")[1];
  if (arnVault !== undefined && arnVault !== vaultName) {
    throw new InventoryImportError(`This is the inventory of vault "${arnVault}", not of "${vaultName}"`);
  }
}

/**
 * In a caller's transaction every index (nothing may outlive it); else the ArchiveId index, on a SQLite
 * file from a thread of its own (index-worker.ts: ≈ 1.4 s per million archives off the event loop).
 */
async function buildIndexes(writer: ArchiveWriter, table: ArchiveTableName): Promise<void> {
  const { db, file } = writer;
  try {
    if (db.isTransaction) await indexArchiveTable(db, table);
    else if (file === null) await archiveIdIndex(db, table).execute();
    else await execInWorker(file, INDEX_THREAD_PRAGMAS, [archiveIdIndex(db, table).compile().sql]);
  } catch (error) {
    if (
      isUniqueViolation(error, {
        name: `${table}${ARCHIVE_INDEX_SUFFIX}`,
        sqliteColumns: `${table}.archive_id`,
      })
    ) {
      throw new InventoryImportError("The inventory lists the same ArchiveId more than once");
    }
    throw error;
  }
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
