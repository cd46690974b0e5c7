import "server-only";
import { decodeDescription } from "@/lib/glacier/descriptions";
import { type ArchiveIdHashes } from "./archive-id-hashes";
import { ARCHIVE_COLUMNS, type ArchiveTableName } from "./archive-table";
import { type ArchiveWriter, IMPORT_PRAGMAS, insertParts, ROWS_PER_STATEMENT } from "./archive-writer";
import { InventoryImportError } from "./errors";
import { LoadWorker } from "./load-worker";
import { type InventorySource, parseInventory } from "./parse";
import { type InventoryEntry, type InventoryFormat, type InventoryHeader } from "./types";

/**
 * The two ways an import stores an inventory's rows: on this thread, or (into a SQLite file, with a
 * core free) with a LoadWorker storing while this thread parses. Both record every
 * ArchiveId in `ids`, so the import can reject a duplicate before the unique index exists.
 */

export interface ImportProgress {
  archives: number;
  /** Bytes of the inventory read so far (compare with the job's InventorySizeInBytes). */
  bytes: number;
}

export interface LoadInput {
  vaultName: string;
  format: InventoryFormat;
  source: InventorySource;
  onProgress?: (progress: ImportProgress) => void;
  /** The job's InventorySizeInBytes, when known: a shorter source is refused as truncated. */
  expectedBytes?: number;
  /** Store rows from a second thread (SQLite files only); default: when a core is free (worthALoadWorker). */
  parallel?: boolean;
}

/** Rows per transaction: large enough to amortise commits, small enough to hold the connection briefly. */
const ROWS_PER_TRANSACTION = 5_000;
/** Rows per message to the load worker. */
const SEND_ROWS = 2_500;
/** Values per row sent to the load worker: every column but seq, which follows from the message's first. */
const WORKER_WIDTH = ARCHIVE_COLUMNS.length - 1;

/**
 * Appends one archive's values in ARCHIVE_COLUMNS order but seq (a flat array: no object per row to
 * collect), decoding its description.
 */
function pushColumns(values: unknown[], entry: InventoryEntry): void {
  const decoded = decodeDescription(entry.description);
  values.push(
    entry.archiveId,
    entry.description,
    decoded.path ?? "",
    decoded.format,
    decoded.modified,
    entry.creationDate,
    entry.size,
    entry.treeHash,
  );
}

export interface Loaded {
  header: InventoryHeader;
  archives: number;
  bytes: number;
}

/** Parses, validates and decodes the inventory on this thread, storing rows in transactions. */
export async function load(writer: ArchiveWriter, input: LoadInput, ids: ArchiveIdHashes): Promise<Loaded> {
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
      values.push(++archives);
      pushColumns(values, entry);
      ids.add(entry.archiveId);
      bytes += entry.size;
    }
    if (values.length >= ROWS_PER_TRANSACTION * ARCHIVE_COLUMNS.length) await flush();
  }
  await flush();
  return { header: parser.header, archives, bytes };
}

/**
 * The load worker shortens the import only when it gets a core of its own; copying every row's
 * values to it costs extra CPU, so on a saturated machine it would only slow everything down.
 * Measured on the 2-core box at a load average of 6–7 (other test runs), with an earlier worker that
 * parsed the JSON again: 12–14 s of CPU against 10–11 s without it, and no gain in wall time.
 */
export function worthALoadWorker(cores: number, loadAverage: number): boolean {
  return cores >= 2 && loadAverage < cores - 0.5;
}

/**
 * An inventory into a SQLite file: this thread parses, validates and decodes while a LoadWorker
 * stores the rows decoded before (see load-worker.ts). The same rows as load().
 */
export async function loadInParallel(
  file: string,
  table: ArchiveTableName,
  writer: ArchiveWriter,
  input: LoadInput,
  ids: ArchiveIdHashes,
): Promise<Loaded> {
  const parser = parseInventory(input.source, input.format, {
    batchSize: SEND_ROWS,
    ...(input.expectedBytes === undefined ? {} : { expectedBytes: input.expectedBytes }),
  });
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
  let values: unknown[] = [];
  let first = 1;
  const send = async () => {
    if (values.length === 0) return;
    await worker.send(values, first);
    [values, first] = [[], archives + 1];
  };
  try {
    for await (const batch of parser.batches()) {
      checkVault(parser.header, input.vaultName);
      for (const entry of batch) {
        pushColumns(values, entry);
        ids.add(entry.archiveId);
        bytes += entry.size;
      }
      archives += batch.length;
      if (values.length >= SEND_ROWS * WORKER_WIDTH) await send();
      input.onProgress?.({ archives, bytes: parser.bytesRead });
    }
    checkVault(parser.header, input.vaultName);
    await send();
    // Sorted while the worker stores the last runs.
    ids.suspects();
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
