import { type Migration, type MigrationProvider } from "kysely";
import * as m0001 from "./0001_connections";

/**
 * Every migration, listed by hand: a static import list survives Next's bundler and the standalone
 * output, where scanning a folder at run time would find nothing. Add new ones at the end; names sort
 * in the order they must run. Rules for a migration: SQL that runs on SQLite and PostgreSQL alike
 * (text timestamps, integer 0/1 booleans), no PRAGMA (SQLite migrations run inside one transaction).
 */
export const migrations: Record<string, Migration> = {
  "0001_connections": m0001,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
