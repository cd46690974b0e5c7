import Database from "better-sqlite3";

export type Db = Database.Database;

/** A named schema step. Names are global: prefix them with the module (`core-001-…`, `jobs-001-…`). */
export interface Migration {
  name: string;
  sql: string;
}

export function openDatabase(file: string): Db {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  return db;
}

/** Applies each not-yet-applied migration once, in order, each in its own transaction. */
export function applyMigrations(db: Db, migrations: readonly Migration[]): void {
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)");
  const applied = new Set(
    db
      .prepare("SELECT name FROM schema_migrations")
      .pluck()
      .all()
      .map((n) => String(n)),
  );
  const record = db.prepare("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)");
  for (const migration of migrations) {
    if (applied.has(migration.name)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.name, new Date().toISOString());
    })();
  }
}
