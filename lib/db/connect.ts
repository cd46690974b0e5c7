import "server-only";
import fs from "node:fs";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { CompiledQuery, type Driver, Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { DatabaseUnavailableError, describePostgresUrl, errorMessage, redactPassword } from "./errors";
import { type Database } from "./schema";

export type Dialect = "sqlite" | "postgres";

export type OpenedDatabase = {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Runs `fn` holding SQLite's write lock (BEGIN IMMEDIATE) so a second process waits; PostgreSQL locks itself. */
  exclusive: <T>(fn: () => Promise<T>) => Promise<T>;
};

const INT8_OID = 20;

/**
 * Each open PostgreSQL database's URL, for work that needs a connection of its own (a worker thread).
 * On globalThis: Next bundles this module more than once (instrumentation, routes), and the database
 * opened by one copy is used by the others (index.ts keeps it there too).
 */
const urlSlot = globalThis as { __thawPostgresUrls?: WeakMap<Kysely<Database>, string> };
const postgresUrls = (urlSlot.__thawPostgresUrls ??= new WeakMap());

/** The URL `db` was opened with, when it is a PostgreSQL database opened here (not a transaction). */
export function postgresUrlOf(db: Kysely<Database>): string | undefined {
  return postgresUrls.get(db);
}

/** Each open SQLite database's file, for the same (kept as the URLs are, for the same reason). */
const pathSlot = globalThis as { __thawSqlitePaths?: WeakMap<Kysely<Database>, string> };
const sqlitePaths = (pathSlot.__thawSqlitePaths ??= new WeakMap());

/** The file `db` was opened on, when it is a SQLite database opened here (not a transaction). */
export function sqlitePathOf(db: Kysely<Database>): string | undefined {
  return sqlitePaths.get(db);
}

/**
 * Switching a fresh file to WAL needs an exclusive lock and SQLite does not wait for it (no busy handler
 * on that path), so two processes opening a new database at once retry here for up to 5 s.
 */
function enableWal(handle: BetterSqlite3.Database): void {
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      handle.pragma("journal_mode = WAL");
      return;
    } catch (error) {
      const busy =
        error instanceof Error &&
        /SQLITE_BUSY|database is locked/i.test(`${(error as { code?: string }).code ?? ""} ${error.message}`);
      if (!busy || Date.now() > deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    }
  }
}

/**
 * Kysely's SQLite transactions, begun IMMEDIATE: the write lock is taken at BEGIN, waiting out another
 * connection's write (the busy timeout). A deferred BEGIN reads first, and if another connection on the
 * file (the inventory's load and index threads, another process) commits meanwhile, its first write fails
 * at once with SQLITE_BUSY_SNAPSHOT, which no busy timeout waits out (sqlite.org/rescode.html#busy_snapshot).
 */
class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection) => {
      await connection.executeQuery(CompiledQuery.raw("begin immediate"));
    };
    return driver;
  }
}

export function openSqlite(sqlitePath: string): OpenedDatabase {
  const file = path.resolve(sqlitePath);
  let handle: BetterSqlite3.Database;
  try {
    fs.mkdirSync(/*turbopackIgnore: true*/ path.dirname(file), { recursive: true });
    // Another process (a second replica, the rotation script) may hold the write lock briefly.
    handle = new BetterSqlite3(/*turbopackIgnore: true*/ file, { timeout: 5000 });
    enableWal(handle);
    handle.pragma("foreign_keys = ON");
    handle.pragma("synchronous = NORMAL");
  } catch (error) {
    throw new DatabaseUnavailableError(`SQLite database at ${file}`, errorMessage(error));
  }
  const exclusive = async <T>(fn: () => Promise<T>): Promise<T> => {
    handle.exec("BEGIN IMMEDIATE");
    try {
      const result = await fn();
      handle.exec("COMMIT");
      return result;
    } catch (error) {
      if (handle.inTransaction) handle.exec("ROLLBACK");
      throw error;
    }
  };
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: handle }) });
  sqlitePaths.set(db, file);
  return { db, dialect: "sqlite", exclusive };
}

export async function openPostgres(databaseUrl: string): Promise<OpenedDatabase> {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // bigint/count(*) come back as numbers, as they do from SQLite (our values stay below 2^53).
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === INT8_OID && format !== "binary"
          ? Number
          : pg.types.getTypeParser(oid, format ?? "text")) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its server (restart, network) must not crash the process: the pool
  // replaces it, and the next query reports the failure to its caller. A client checked out at that
  // moment (a transaction between two statements) emits the error on itself, where no one listens:
  // unheard, it would end the process. Its caller's next query fails instead, and the pool drops it.
  pool.on("error", () => undefined);
  pool.on("connect", (client) => client.on("error", () => undefined));
  try {
    await pool.query("select 1");
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new DatabaseUnavailableError(
      describePostgresUrl(databaseUrl),
      redactPassword(errorMessage(error), databaseUrl),
    );
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  postgresUrls.set(db, databaseUrl);
  return {
    db,
    dialect: "postgres",
    exclusive: (fn) => fn(),
  };
}
