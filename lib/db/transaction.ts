import "server-only";
import { type Kysely, PostgresAdapter } from "kysely";
import { type Database } from "./schema";

/**
 * Runs `fn` in a transaction, or inside the caller's when `db` already is one, so a repository write
 * can join a larger unit of work (e.g. the change plus its audit row) and roll back with it.
 */
export function inTransaction<T>(
  db: Kysely<Database>,
  fn: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/** Row locks (SELECT … FOR UPDATE) exist on PostgreSQL only; SQLite serialises writers itself. */
export function supportsRowLocks(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
