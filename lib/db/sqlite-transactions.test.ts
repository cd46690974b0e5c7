import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { openSqlite } from "./connect";

/**
 * Thaw's SQLite file has other writers beside the app's connection: the inventory's load and index
 * threads, a second process. A transaction that reads, then writes, must not fail because one of them
 * committed in between (SQLITE_BUSY_SNAPSHOT, returned at once: sqlite.org/rescode.html#busy_snapshot).
 */
describe("SQLite transactions", () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it("take the write lock when they begin, so another connection's commit cannot break their first write", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "thaw-sqlite-tx-"));
    dirs.push(dir);
    const file = path.join(dir, "thaw.sqlite");
    const { db } = openSqlite(file);
    await sql`create table counters (name text primary key, value integer not null)`.execute(db);
    await sql`insert into counters values ('a', 1)`.execute(db);
    // Another writer on the same file that does not wait: it fails if the lock is taken.
    const other = new BetterSqlite3(file, { timeout: 0 });
    let otherWrote: boolean | undefined;
    await db.transaction().execute(async (trx) => {
      const read = await sql<{ value: number }>`select value from counters where name = 'a'`.execute(trx);
      try {
        other.exec("insert into counters values ('b', 2)");
        otherWrote = true;
      } catch {
        otherWrote = false;
      }
      await sql`update counters set value = ${(read.rows[0]?.value ?? 0) + 1} where name = 'a'`.execute(trx);
    });
    // The transaction held the lock from its start: the other writer had to wait (here: gave up).
    expect(otherWrote).toBe(false);
    other.exec("insert into counters values ('b', 2)");
    other.close();
    const rows = await sql<{ name: string; value: number }>`select * from counters order by name`.execute(db);
    expect(rows.rows).toEqual([
      { name: "a", value: 2 },
      { name: "b", value: 2 },
    ]);
    await db.destroy();
  });
});
