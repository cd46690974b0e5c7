import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, inject } from "vitest";
import { freePort } from "@/tests/free-port";
import { createDatabase, type DatabaseOptions, type Dialect, type ThawDatabase } from "@/lib/db";
import { backgroundSettled } from "@/lib/db/background";

/**
 * Test helpers (imported by *.test.ts only): run one suite against SQLite (a temp file) and against
 * PostgreSQL (a fresh database on the throwaway cluster of tests/global-setup.ts).
 */

export type DialectTarget = {
  dialect: Dialect;
  /** Where this suite's own fresh database is (usable in tests and hooks, not at collection time). */
  options(): DatabaseOptions;
  /** Opens and migrates this suite's database; closed after the suite. */
  open(): Promise<ThawDatabase>;
};

export function describeEachDialect(name: string, suite: (target: DialectTarget) => void): void {
  describe(`${name} [sqlite]`, () => suite(sqliteTarget()));
  const postgresUrl = inject("postgresUrl");
  if (postgresUrl) {
    describe(`${name} [postgres]`, () => suite(postgresTarget(postgresUrl)));
  } else {
    describe.skip(`${name} [postgres] (skipped: THAW_TEST_SKIP_POSTGRES=1, no test cluster)`, () =>
      suite(postgresTarget("")));
  }
}

/** A suite that needs PostgreSQL itself (pg-boss, several processes on one database). */
export function describePostgres(name: string, suite: (target: DialectTarget) => void): void {
  const postgresUrl = inject("postgresUrl");
  if (postgresUrl) describe(name, () => suite(postgresTarget(postgresUrl)));
  else
    describe.skip(`${name} (skipped: THAW_TEST_SKIP_POSTGRES=1, no test cluster)`, () =>
      suite(postgresTarget("")));
}

function suiteTarget(
  dialect: Dialect,
  prepare: () => Promise<DatabaseOptions>,
  dispose: () => Promise<void>,
): DialectTarget {
  let options: DatabaseOptions | undefined;
  const opened: ThawDatabase[] = [];
  beforeAll(async () => {
    options = await prepare();
  });
  afterAll(async () => {
    // Index builds an import left running in the background would fail on a closed or removed database.
    await backgroundSettled();
    await Promise.all(opened.map((d) => d.close().catch(() => undefined)));
    await dispose();
  });
  const current = () => {
    if (!options) throw new Error("the suite's database exists only inside tests and hooks");
    return options;
  };
  return {
    dialect,
    options: current,
    async open() {
      const database = await createDatabase(current());
      opened.push(database);
      return database;
    },
  };
}

function sqliteTarget(): DialectTarget {
  let dir: string | undefined;
  return suiteTarget(
    "sqlite",
    () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "thaw-db-test-"));
      return Promise.resolve({ sqlitePath: path.join(dir, "thaw.sqlite") });
    },
    () => {
      // Retried: SQLite may still be removing a journal beside the file (ENOTEMPTY seen in CI).
      if (dir) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
      return Promise.resolve();
    },
  );
}

function postgresTarget(adminUrl: string): DialectTarget {
  const name = `thaw_test_${randomBytes(6).toString("hex")}`;
  return suiteTarget(
    "postgres",
    async () => {
      await withAdmin(adminUrl, (client) => client.query(`create database ${name}`));
      return { databaseUrl: databaseUrl(adminUrl, name) };
    },
    () =>
      withAdmin(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`)).then(
        () => undefined,
      ),
  );
}

function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A 127.0.0.1 port with nothing listening: a free one, released before anyone connects. */
export const closedPort = freePort;

export function temporaryDirectory(): { path: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "thaw-test-"));
  return {
    path: dir,
    remove: () => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 }),
  };
}
