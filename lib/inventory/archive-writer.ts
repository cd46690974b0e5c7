import "server-only";
import BetterSqlite3 from "better-sqlite3";
import { CompiledQuery, Kysely, sql, SqliteDialect } from "kysely";
import { type Database, inTransaction } from "@/lib/db";
import { type InventoryArchivesTable } from "@/lib/db/schema";
import { ARCHIVE_COLUMNS, type ArchiveTableName, catalog, isPostgres } from "./archive-table";

/**
 * Bulk writing of an inventory's archives. On a SQLite file the import opens a connection of its
 * own (WAL lets it write while the app's connection keeps reading), so its long statements — the
 * load and the index builds — never queue the app's queries, and its INSERT is prepared once
 * instead of for every 1000 rows. A JSON inventory's rows are written by a LoadWorker on a third
 * connection (load-worker.ts) while this one runs the DDL and builds the indexes. On PostgreSQL (or
 * an in-memory SQLite) it writes through the app's Kysely.
 */
export interface ArchiveWriter {
  /** Where the import runs its DDL (the table, its indexes, the name update). */
  readonly db: Kysely<Database>;
  /** The SQLite file the writer has its own connection to (a load worker may open another); else null. */
  readonly file: string | null;
  /** Writes rows given as flat values in ARCHIVE_COLUMNS order, in one transaction. */
  write(values: unknown[]): Promise<void>;
  close(): Promise<void>;
}

/** Rows per INSERT statement (9 parameters each, well under both dialects' limits). */
export const ROWS_PER_STATEMENT = 1000;
/**
 * Settings of every import connection. busy_timeout: the app's connection may hold the write lock
 * briefly; synchronous is per connection (WAL persists; NORMAL keeps the app's other tables safe).
 */
export const IMPORT_PRAGMAS = ["busy_timeout = 5000", "synchronous = NORMAL"];
/**
 * The connection that builds the indexes: a 16 MiB cache (the sorter's memory per thread) and two
 * sorter helper threads. Measured on 1M archives: the archive_id index took 2.6 s with the
 * defaults, 1.4 s with helper threads; a 64 MiB cache was no faster but raised the import's peak
 * RSS by ≈ 100 MB (each helper thread sorts in up to a cache's worth of memory).
 */
export const INDEX_PRAGMAS = ["cache_size = -16384", "threads = 2"];
/**
 * An index build on a thread of its own (index-worker.ts) waits this long for the write lock:
 * waiting blocks nothing there, and the app's own writes may come first.
 */
export const INDEX_THREAD_PRAGMAS = ["busy_timeout = 120000", "synchronous = NORMAL", ...INDEX_PRAGMAS];
const WIDTH = ARCHIVE_COLUMNS.length;

/** Only its keys matter: the compiled text binds parameters, the real values come later. */
const SHAPE_ROW: InventoryArchivesTable = {
  seq: 0,
  archive_id: "",
  description: "",
  decoded_path: "",
  decoded_format: "",
  decoded_modified: null,
  creation_date: "",
  size: 0,
  tree_hash: "",
};

/** The multi-row INSERT text for `rows` rows, checked to bind values in ARCHIVE_COLUMNS order. */
function insertText(db: Kysely<Database>, table: ArchiveTableName, rows: number): string {
  const compiled = catalog(db)
    .insertInto(table)
    .values(Array.from({ length: rows }, () => SHAPE_ROW))
    .compile();
  const columns = `(${ARCHIVE_COLUMNS.map((c) => `"${c}"`).join(", ")})`;
  if (!compiled.sql.includes(columns) || compiled.parameters.length !== rows * WIDTH)
    throw new Error("unexpected INSERT shape");
  return compiled.sql;
}

/** The INSERT text split into its head (`insert into … values `) and one row's tuple, for the load worker. */
export function insertParts(
  db: Kysely<Database>,
  table: ArchiveTableName,
): { prefix: string; tuple: string } {
  const text = insertText(db, table, 1);
  const at = text.lastIndexOf(" values ");
  if (at < 0) throw new Error("unexpected INSERT shape");
  return { prefix: text.slice(0, at + " values ".length), tuple: text.slice(at + " values ".length) };
}

function chunks(values: unknown[]): unknown[][] {
  const out: unknown[][] = [];
  for (let start = 0; start < values.length; start += ROWS_PER_STATEMENT * WIDTH) {
    out.push(values.slice(start, start + ROWS_PER_STATEMENT * WIDTH));
  }
  return out;
}

function memo<T>(make: (rows: number) => T): (rows: number) => T {
  const cache = new Map<number, T>();
  return (rows) => {
    const hit = cache.get(rows);
    if (hit !== undefined) return hit;
    const made = make(rows);
    cache.set(rows, made);
    return made;
  };
}

async function sqliteFile(db: Kysely<Database>): Promise<string | null> {
  // Inside the caller's transaction a second connection would wait for that very transaction.
  if (isPostgres(db) || db.isTransaction) return null;
  const result = await sql<{
    file: string;
  }>`select file from pragma_database_list where name = 'main'`.execute(db);
  const file = result.rows[0]?.file ?? "";
  return file === "" ? null : file;
}

function sqliteWriter(file: string, table: ArchiveTableName): ArchiveWriter {
  const handle = new BetterSqlite3(/*turbopackIgnore: true*/ file, { fileMustExist: true });
  for (const pragma of [...IMPORT_PRAGMAS, ...INDEX_PRAGMAS]) handle.pragma(pragma);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: handle }) });
  const statement = memo((rows) => handle.prepare(insertText(db, table, rows)));
  const insertAll = handle.transaction((parts: unknown[][]) => {
    for (const part of parts) statement(part.length / WIDTH).run(part);
  });
  return {
    db,
    file,
    write: (values) => {
      if (values.length > 0) insertAll(chunks(values));
      return Promise.resolve();
    },
    close: () => db.destroy(),
  };
}

function kyselyWriter(db: Kysely<Database>, table: ArchiveTableName): ArchiveWriter {
  const text = memo((rows) => insertText(db, table, rows));
  return {
    db,
    file: null,
    write: async (values) => {
      if (values.length === 0) return;
      await inTransaction(db, async (trx) => {
        for (const part of chunks(values))
          await trx.executeQuery(CompiledQuery.raw(text(part.length / WIDTH), part));
      });
    },
    close: () => Promise.resolve(),
  };
}

export async function openArchiveWriter(
  db: Kysely<Database>,
  table: ArchiveTableName,
): Promise<ArchiveWriter> {
  const file = await sqliteFile(db);
  return file === null ? kyselyWriter(db, table) : sqliteWriter(file, table);
}
