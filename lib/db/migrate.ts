import "server-only";
import { type MigrationResultSet, Migrator } from "kysely";
import { type OpenedDatabase } from "./connect";
import { DatabaseMigrationError, errorMessage } from "./errors";
import { migrationProvider } from "./migrations";

/**
 * Brings the schema to the latest migration; a no-op when it is already there. Safe when two
 * processes start at once: PostgreSQL serialises through Kysely's advisory lock, SQLite through
 * BEGIN IMMEDIATE (which also makes a failed SQLite migration roll back whole).
 * Returns the names of the migrations this call applied.
 */
export async function migrateToLatest(opened: OpenedDatabase): Promise<string[]> {
  const migrator = new Migrator({
    db: opened.db,
    provider: migrationProvider,
    // Numbers are handed out before work lands, so a database may already hold a later one (0012)
    // when an earlier (0011) arrives; each migration stands alone, so it is applied all the same.
    allowUnorderedMigrations: true,
  });
  try {
    const outcome = await opened.exclusive(async () => {
      const resultSet = await migrator.migrateToLatest();
      // Throwing inside exclusive() rolls the SQLite transaction back.
      if (resultSet.error !== undefined) throw migrationError(resultSet);
      return resultSet;
    });
    return (outcome.results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
  } catch (error) {
    throw error instanceof DatabaseMigrationError
      ? error
      : new DatabaseMigrationError(undefined, errorMessage(error));
  }
}

function migrationError({ error, results }: MigrationResultSet): DatabaseMigrationError {
  const failed = results?.find((r) => r.status === "Error")?.migrationName;
  return new DatabaseMigrationError(failed, errorMessage(error));
}
