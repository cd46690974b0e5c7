import "server-only";
import { type Kysely } from "kysely";
import { type Database, isUniqueViolation } from "@/lib/db";
import { archiveIdIndex, type ArchiveTableName, catalog } from "./archive-table";
import { type ArchiveWriter, INDEX_THREAD_PRAGMAS } from "./archive-writer";
import { type ArchiveIdHashes } from "./archive-id-hashes";
import { InventoryImportError } from "./errors";
import { execInWorker } from "./index-worker";

export const DUPLICATE_IDS = "The inventory lists the same ArchiveId more than once";

/** Candidates compared per query. */
const PAIRS_PER_QUERY = 200;

/**
 * Fails the import when an ArchiveId is listed twice: the hash table's candidate pairs are compared
 * exactly against the stored rows. An input with absurdly many candidates gets the unique index
 * built right away instead, which rejects a duplicate as well.
 */
export async function rejectDuplicateIds(
  writer: ArchiveWriter,
  table: ArchiveTableName,
  ids: ArchiveIdHashes,
): Promise<void> {
  if (ids.overflowed) {
    await buildUniqueIndexNow(writer, table);
    return;
  }
  for (let at = 0; at < ids.candidates.length; at += PAIRS_PER_QUERY) {
    const pairs = ids.candidates.slice(at, at + PAIRS_PER_QUERY);
    const rows = await catalog(writer.db)
      .selectFrom(table)
      .select(["seq", "archive_id"])
      .where("seq", "in", [...new Set(pairs.flat())])
      .execute();
    const idOf = new Map(rows.map((r) => [r.seq, r.archive_id]));
    const duplicate = pairs.find(([a, b]) => idOf.get(a) !== undefined && idOf.get(a) === idOf.get(b));
    if (duplicate) {
      throw new InventoryImportError(`${DUPLICATE_IDS} (archives #${duplicate[0]} and #${duplicate[1]})`);
    }
  }
}

/**
 * The unique ArchiveId index, built now: inside a caller's transaction (nothing may outlive it), or
 * when duplicates must be found by SQLite. On a SQLite file it runs on a thread of its own.
 */
export async function buildUniqueIndexNow(
  writer: ArchiveWriter,
  table: ArchiveTableName,
  db: Kysely<Database> = writer.db,
): Promise<void> {
  try {
    if (writer.file === null || db.isTransaction) await archiveIdIndex(db, table).execute();
    else await execInWorker(writer.file, INDEX_THREAD_PRAGMAS, [archiveIdIndex(db, table).compile().sql]);
  } catch (error) {
    if (isUniqueViolation(error, { name: `${table}_archive`, sqliteColumns: `${table}.archive_id` })) {
      throw new InventoryImportError(DUPLICATE_IDS);
    }
    throw error;
  }
}
