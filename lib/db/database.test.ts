import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import {
  createDatabase,
  DatabaseUnavailableError,
  inTransaction,
  isUniqueViolation,
  pingDatabase,
  type ThawDatabase,
} from "./index";
import { migrations } from "./migrations";
import { type ConnectionsTable } from "./schema";

// Every migration, in order: a new one must not need this test edited.
const ALL_MIGRATIONS = Object.keys(migrations).sort();
import { closedPort, describeEachDialect, temporaryDirectory } from "@/tests/support/db";

const NAME_INDEX = { name: "connections_name_key_unique", sqliteColumns: "connections.name_key" };

function row(name: string, id = crypto.randomUUID()): ConnectionsTable {
  const now = new Date().toISOString();
  return {
    id,
    name,
    name_key: name.toLowerCase(),
    region: "us-east-1",
    account_id: "-",
    endpoint: null,
    mode: "default-chain",
    profile: null,
    access_key_id: null,
    role_arn: null,
    external_id: null,
    session_name: null,
    sealed_secret: null,
    created_at: now,
    updated_at: now,
  };
}

/** Opens `sqlitePath` from a separate Node process; resolves with the migrations it applied. */
function migrateInChildProcess(sqlitePath: string): Promise<string[]> {
  const code = `import("./lib/db/index.ts").then(async (m) => {
    const d = await (m.default ?? m).createDatabase({ sqlitePath: process.argv[1] });
    process.stdout.write(JSON.stringify(d.applied));
    await d.close();
  })`;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "-e", code, sqlitePath],
      { cwd: path.resolve(import.meta.dirname, "../..") },
      (error, stdout, stderr) =>
        error ? reject(new Error(stderr || error.message)) : resolve(JSON.parse(stdout) as string[]),
    );
  });
}

async function names(database: ThawDatabase): Promise<string[]> {
  const rows = await database.db.selectFrom("connections").select("name").orderBy("name").execute();
  return rows.map((r) => r.name);
}

describeEachDialect("database", (target) => {
  it("applies the migrations on first open and re-applies nothing on the next", async () => {
    const first = await createDatabase(target.options());
    expect(first.applied).toEqual(ALL_MIGRATIONS);
    await first.close();

    const second = await target.open();
    expect(second.applied).toEqual([]);
    const recorded = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
      second.db,
    );
    expect(recorded.rows.map((r) => r.name)).toEqual(ALL_MIGRATIONS);
  });

  it("migrates safely when two processes open the same fresh database at once", async () => {
    if (target.dialect === "sqlite") {
      // Replicas are separate processes; several rounds, since an unguarded race fails only sometimes.
      const dir = temporaryDirectory();
      try {
        const rounds = [1, 2].map(async (round) => {
          const file = path.join(dir.path, `race-${round}.sqlite`);
          const outputs = await Promise.all([migrateInChildProcess(file), migrateInChildProcess(file)]);
          expect(outputs.flat().sort()).toEqual(ALL_MIGRATIONS);
        });
        await Promise.all(rounds);
      } finally {
        dir.remove();
      }
      return;
    }
    // PostgreSQL: a brand-new database beside the suite's, opened twice concurrently.
    const url = new URL(target.options().databaseUrl ?? "");
    const fresh = `${url.pathname.slice(1)}_race`;
    const admin = await target.open();
    await sql.raw(`create database ${fresh}`).execute(admin.db);
    url.pathname = `/${fresh}`;
    try {
      const both = await Promise.all([
        createDatabase({ databaseUrl: url.toString() }),
        createDatabase({ databaseUrl: url.toString() }),
      ]);
      expect(both.flatMap((d) => d.applied).sort()).toEqual(ALL_MIGRATIONS);
      await Promise.all(both.map((d) => d.close()));
    } finally {
      await sql.raw(`drop database if exists ${fresh} with (force)`).execute(admin.db);
    }
  });

  it("enforces unique names case-insensitively in the database itself", async () => {
    const database = await target.open();
    await database.db.insertInto("connections").values(row("Production")).execute();
    const duplicate = database.db.insertInto("connections").values(row("PRODUCTION")).execute();
    const error: unknown = await duplicate.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isUniqueViolation(error, NAME_INDEX)).toBe(true);
    expect(isUniqueViolation(error, { name: "other_index", sqliteColumns: "other.column" })).toBe(false);
  });

  it("rolls a transaction back when it fails midway", async () => {
    const database = await target.open();
    await database.db.insertInto("connections").values(row("Existing")).execute();
    const failing = inTransaction(database.db, async (trx) => {
      await trx.insertInto("connections").values(row("Written first")).execute();
      await trx.insertInto("connections").values(row("existing")).execute();
    });
    await expect(failing).rejects.toThrow();
    expect(await names(database)).not.toContain("Written first");
  });

  it("joins the caller's transaction, so the caller's failure undoes the inner write", async () => {
    const database = await target.open();
    const outer = database.db.transaction().execute(async (trx) => {
      await inTransaction(trx, (inner) =>
        inner.insertInto("connections").values(row("Inner write")).execute(),
      );
      throw new Error("the caller's next step failed");
    });
    await expect(outer).rejects.toThrow("the caller's next step failed");
    expect(await names(database)).not.toContain("Inner write");
  });

  it("returns counts as numbers on both dialects", async () => {
    const database = await target.open();
    const { n } = await database.db
      .selectFrom("connections")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(typeof n).toBe("number");
  });

  it("answers the health ping", async () => {
    const database = await target.open();
    expect(await pingDatabase(() => Promise.resolve(database))).toEqual({
      ok: true,
      dialect: target.dialect,
    });
  });
});

describe("sqlite settings", () => {
  const dirs: { remove(): void }[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

  it("creates the directory and opens with WAL, foreign keys and a busy timeout", async () => {
    const dir = temporaryDirectory();
    dirs.push(dir);
    const file = path.join(dir.path, "nested", "deeper", "thaw.sqlite");
    const database = await createDatabase({ sqlitePath: file });
    try {
      expect(fs.existsSync(file)).toBe(true);
      const pragma = async (name: string) =>
        Object.values(
          (await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(database.db)).rows[0] ?? {},
        )[0];
      expect(await pragma("journal_mode")).toBe("wal");
      expect(await pragma("foreign_keys")).toBe(1);
      expect(await pragma("busy_timeout")).toBe(5000);
    } finally {
      await database.close();
    }
  });

  it("reports a path it cannot open as unavailable", async () => {
    const dir = temporaryDirectory();
    dirs.push(dir);
    const blocker = path.join(dir.path, "a-file");
    fs.writeFileSync(blocker, "not a directory");
    const opening = createDatabase({ sqlitePath: path.join(blocker, "thaw.sqlite") });
    await expect(opening).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await expect(opening).rejects.toThrow(/SQLite database at .*a-file/);
  });
});

describe("unreachable PostgreSQL", () => {
  const password = "Sup3r-s3cret-pw";

  it("fails with DatabaseUnavailableError naming the host, never the password", async () => {
    const port = await closedPort();
    const error: unknown = await createDatabase({
      databaseUrl: `postgres://thaw:${password}@127.0.0.1:${port}/thaw`,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    const message = error instanceof Error ? error.message : "";
    expect(message).toContain(`127.0.0.1:${port}/thaw`);
    expect(message).toContain("ECONNREFUSED");
    expect(message).not.toContain(password);
    expect(JSON.stringify(error)).not.toContain(password);
  });

  it("makes the health ping report the failure without the password", async () => {
    const port = await closedPort();
    const ping = await pingDatabase(() =>
      createDatabase({ databaseUrl: `postgresql://thaw:${password}@127.0.0.1:${port}/x` }),
    );
    expect(ping.ok).toBe(false);
    expect(ping.ok ? "" : ping.message).toMatch(
      /Database unavailable: cannot connect to PostgreSQL at 127\.0\.0\.1/,
    );
    expect(JSON.stringify(ping)).not.toContain(password);
  });
});
