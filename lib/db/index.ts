import "server-only";
import path from "node:path";
import { type Kysely, sql } from "kysely";
import { getConfig, type ThawConfig } from "@/lib/config";
import { type Dialect, openPostgres, openSqlite } from "./connect";
import { DatabaseMigrationError, DatabaseUnavailableError, errorCode } from "./errors";
import { migrateToLatest } from "./migrate";
import { type Database } from "./schema";
import { sharedPromise } from "./shared-promise";

export { DatabaseMigrationError, DatabaseUnavailableError, isUniqueViolation } from "./errors";
export { inTransaction, supportsRowLocks } from "./transaction";
export type { Database } from "./schema";
export type { Dialect } from "./connect";
export { postgresUrlOf, sqlitePathOf } from "./connect";

export type ThawDatabase = {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Migrations this open applied (empty when the schema was already current). */
  applied: string[];
  close(): Promise<void>;
};

export type DatabaseOptions = { databaseUrl?: string | undefined; sqlitePath?: string | undefined };

/** Opens PostgreSQL (`databaseUrl`) or SQLite (`sqlitePath`) and migrates it to the latest schema. */
export async function createDatabase(options: DatabaseOptions): Promise<ThawDatabase> {
  const opened = options.databaseUrl
    ? await openPostgres(options.databaseUrl)
    : options.sqlitePath
      ? openSqlite(options.sqlitePath)
      : undefined;
  if (!opened) throw new Error("createDatabase needs a databaseUrl or a sqlitePath");
  try {
    const applied = await migrateToLatest(opened);
    return { db: opened.db, dialect: opened.dialect, applied, close: () => opened.db.destroy() };
  } catch (error) {
    await opened.db.destroy().catch(() => undefined);
    throw error;
  }
}

/** DATABASE_URL selects PostgreSQL; otherwise SQLite at <THAW_DATA_DIR>/thaw.sqlite. */
export function databaseOptionsFromConfig(
  config: Pick<ThawConfig, "databaseUrl" | "dataDir">,
): DatabaseOptions {
  return config.databaseUrl
    ? { databaseUrl: config.databaseUrl }
    : { sqlitePath: path.join(config.dataDir, "thaw.sqlite") };
}

// Kept on globalThis so Next's dev-mode module reloading does not open a second pool per edit.
const slot = globalThis as { __thawDatabase?: Promise<ThawDatabase> | undefined };
const shared = sharedPromise(() => createDatabase(databaseOptionsFromConfig(getConfig())), {
  get current() {
    return slot.__thawDatabase;
  },
  set current(value) {
    slot.__thawDatabase = value;
  },
});

/** The process-wide database, opened and migrated on first use. */
export function getDatabase(): Promise<ThawDatabase> {
  return shared.get();
}

/** What a data function takes to run on a given database (tests, a transaction) instead of the process-wide one. */
export type DbOptions = { db?: Kysely<Database> };

/** The database a data function runs on: the one passed in, else the process-wide one. */
export async function dbOf(options: DbOptions): Promise<Kysely<Database>> {
  return options.db ?? (await getDatabase()).db;
}

/** Closes the process-wide database (graceful shutdown); the next getDatabase() opens it again. */
export async function closeDatabase(): Promise<void> {
  const previous = shared.clear();
  if (!previous) return;
  const database = await previous.catch(() => undefined);
  await database?.close();
}

export type DatabasePing = { ok: true; dialect: Dialect } | { ok: false; message: string };

/** For the health endpoint: can we open the database and run a query? Never throws. */
export async function pingDatabase(open: () => Promise<ThawDatabase> = getDatabase): Promise<DatabasePing> {
  try {
    const database = await open();
    await sql`select 1`.execute(database.db);
    return { ok: true, dialect: database.dialect };
  } catch (error) {
    if (error instanceof DatabaseUnavailableError || error instanceof DatabaseMigrationError) {
      return { ok: false, message: error.message };
    }
    // A driver's message may carry detail we did not vet; its code is enough to diagnose.
    return { ok: false, message: `Database query failed (${errorCode(error) ?? "unknown error"})` };
  }
}
