/**
 * The test's database made unreachable for a while and brought back (imported by *.test.ts only), on
 * the suite's own database only, so no other suite sharing the cluster is disturbed:
 * - PostgreSQL: new connections refused (ALLOW_CONNECTIONS false) and every open one terminated, as a
 *   server restart or a failover does to a client;
 * - SQLite: another connection holds the write lock (a backup, another process's long write), so every
 *   write waits out the busy timeout and fails with SQLITE_BUSY; reads go on (WAL).
 */
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { inject } from "vitest";
import { type DialectTarget } from "./db";

export type DatabaseAway = { take(): Promise<void>; bringBack(): Promise<void> };

export function databaseAway(target: DialectTarget): DatabaseAway {
  const options = target.options();
  if (options.sqlitePath) {
    let holder: BetterSqlite3.Database | undefined;
    return {
      take() {
        holder = new BetterSqlite3(options.sqlitePath ?? "");
        holder.exec("BEGIN EXCLUSIVE");
        return Promise.resolve();
      },
      bringBack() {
        holder?.exec("ROLLBACK");
        holder?.close();
        holder = undefined;
        return Promise.resolve();
      },
    };
  }
  const name = new URL(options.databaseUrl ?? "").pathname.slice(1);
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: inject("postgresUrl") });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  return {
    async take() {
      await admin(`alter database ${name} allow_connections false`);
      await admin(
        `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}' and pid <> pg_backend_pid()`,
      );
    },
    bringBack: () => admin(`alter database ${name} allow_connections true`),
  };
}
