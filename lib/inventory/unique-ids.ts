import "server-only";
import { isUniqueViolation } from "@/lib/db";
import { archiveIdIndex, type ArchiveTableName, catalog } from "./archive-table";
import { type ArchiveWriter, INDEX_THREAD_PRAGMAS } from "./archive-writer";
import { type ArchiveIdHashes } from "./archive-id-hashes";
import { InventoryImportError } from "./errors";
import { execInWorker } from "./index-worker";

const DUPLICATE_IDS = "The inventory lists the same ArchiveId more than once";

/** Suspects compared per query. */
const SEQS_PER_QUERY = 500;

/**
 * Fails the import when an ArchiveId is listed twice: the archives whose ids hash alike are compared
 * exactly against the stored rows. An input with absurdly many suspects gets the unique index built
 * right away instead, which rejects a duplicate as well.
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
  const seqs = ids.suspects().flat();
  const idOf = new Map<number, string>();
  for (let at = 0; at < seqs.length; at += SEQS_PER_QUERY) {
    const rows = await catalog(writer.db)
      .selectFrom(table)
      .select(["seq", "archive_id"])
      .where("seq", "in", seqs.slice(at, at + SEQS_PER_QUERY))
      .execute();
    for (const row of rows) idOf.set(Number(row.seq), row.archive_id);
  }
  for (const group of ids.suspects()) {
    const firstSeen = new Map<string, number>();
    for (const seq of group) {
      const id = idOf.get(seq);
      if (id === undefined) continue;
      const earlier = firstSeen.get(id);
      if (earlier !== undefined)
        throw new InventoryImportError(`${DUPLICATE_IDS} (archives #${earlier} and #${seq})`);
      firstSeen.set(id, seq);
    }
  }
}

/**
 * The unique ArchiveId index, built now, when the suspects are too many to compare: SQLite decides.
 * Inside a caller's transaction it runs there (nothing may outlive it); on a SQLite file, on a
 * thread of its own.
 */
async function buildUniqueIndexNow(writer: ArchiveWriter, table: ArchiveTableName): Promise<void> {
  const { db } = writer;
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
