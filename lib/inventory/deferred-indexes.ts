import "server-only";
import { type Kysely } from "kysely";
import { type Database } from "@/lib/db";
import { trackBackground } from "@/lib/db/background";
import {
  analyzeArchiveTable,
  archiveIdIndex,
  type ArchiveTableName,
  checkedName,
  dropArchiveTable,
  existingIndexes,
  SORT_INDEX_SUFFIXES,
  sortIndex,
} from "./archive-table";
import { type ArchiveWriter, INDEX_THREAD_PRAGMAS, openArchiveWriter } from "./archive-writer";
import { execInWorker } from "./index-worker";

/**
 * The catalog's indexes — the unique ArchiveId index and the three sort indexes (size, date, path) —
 * are built after an import completes: the inventory is usable once its rows are in and every
 * ArchiveId was checked unique (unique-ids.ts); look-ups by id and sorted pages are only slower until
 * these exist. Each CREATE INDEX is atomic, so a crash leaves an index whole or absent; an inventory
 * found without them (after a restart) gets them on first use. A delete waits for the table's build
 * in this process; a drop by another process makes the build stop quietly.
 */

/** Every index built here, by suffix of the table's name. */
const DEFERRED_SUFFIXES = ["_archive", ...SORT_INDEX_SUFFIXES] as const;

/** Builds running or done in this process, by table: a table is checked once unless its build fails. */
const builds = new Map<ArchiveTableName, Promise<void>>();
/** When a table's build last failed: it is tried again on use, but not before RETRY_AFTER_MS. */
const failedAt = new Map<ArchiveTableName, number>();
const RETRY_AFTER_MS = 10 * 60_000;

/**
 * Builds the missing indexes in the background with the given writer (closed afterwards; on a
 * SQLite file the build runs on a thread of its own) and returns the build; it never rejects (a
 * failure is logged, and the next use retries).
 */
export function buildDeferredIndexes(writer: ArchiveWriter, table: ArchiveTableName): Promise<void> {
  const build = trackBackground(run(writer, table).finally(() => writer.close().catch(() => undefined)));
  builds.set(table, build);
  return build;
}

/** On first use of a complete inventory in this process: builds its deferred indexes if any is missing. */
export function ensureDeferredIndexes(db: Kysely<Database>, archiveTable: string): void {
  const table = checkedName(archiveTable);
  // Not from inside a caller's transaction: the build would outlive it.
  if (db.isTransaction || builds.has(table)) return;
  // A build that keeps failing (a full disk, a lock held for minutes) is not restarted on every read.
  if (Date.now() - (failedAt.get(table) ?? -Infinity) < RETRY_AFTER_MS) return;
  builds.set(
    table,
    trackBackground(
      (async () => {
        const present = await existingIndexes(db, table);
        if (DEFERRED_SUFFIXES.every((suffix) => present.has(`${table}${suffix}`))) return;
        await buildDeferredIndexes(await openArchiveWriter(db, table), table);
      })().catch(report(table)),
    ),
  );
}

/** Resolves once this process's build for the table (if any) has ended, e.g. before dropping it. */
export async function deferredIndexesSettled(archiveTable: string): Promise<void> {
  await builds.get(checkedName(archiveTable));
}

/**
 * Drops an inventory's archive table once this process's index build on it (if any) has ended:
 * dropping under a running build would wait for its lock, then make it fail.
 */
export async function dropInventoryTable(db: Kysely<Database>, archiveTable: string): Promise<void> {
  await deferredIndexesSettled(archiveTable);
  await dropArchiveTable(db, archiveTable);
  forgetDeferredIndexes(archiveTable);
}

/** Forgets a table's build, so it is checked afresh on next use (a dropped table, or a test's restart). */
export function forgetDeferredIndexes(archiveTable: string): void {
  builds.delete(checkedName(archiveTable));
  failedAt.delete(checkedName(archiveTable));
}

async function run(writer: ArchiveWriter, table: ArchiveTableName): Promise<void> {
  try {
    // The ArchiveId index first: the diff between inventories and look-ups by id need it most.
    const indexes = [
      archiveIdIndex(writer.db, table),
      ...SORT_INDEX_SUFFIXES.map((suffix) => sortIndex(writer.db, table, suffix)),
    ];
    if (writer.file === null) {
      for (const index of indexes) await index.execute();
      await analyzeArchiveTable(writer.db, table);
    } else {
      const { file } = writer;
      await writer.close();
      await execInWorker(
        file,
        INDEX_THREAD_PRAGMAS,
        indexes.map((index) => index.compile().sql),
      );
    }
  } catch (error) {
    report(table)(error);
  }
}

/** A table dropped meanwhile (the inventory was deleted) is no failure. */
function report(table: ArchiveTableName): (error: unknown) => void {
  return (error) => {
    builds.delete(table);
    const message = error instanceof Error ? error.message : String(error);
    if (
      /no such table|does not exist|database connection is not open|driver has already been destroyed/i.test(
        message,
      )
    )
      return;
    failedAt.set(table, Date.now());
    console.warn(
      `Building the indexes of ${table} failed (tried again on use, after 10 minutes): ${message}`,
    );
  };
}
