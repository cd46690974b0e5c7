import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { CompiledQuery } from "kysely";
import { describe, expect, it } from "vitest";
import { describePostgres } from "@/tests/support/db";
import { startQueryWorker } from "./manifest-worker";

describe("the manifest's query worker", () => {
  it("rejects when its connection cannot be made (the caller then reads in its own thread)", async () => {
    // Port 1 on the loopback: nothing listens, the connection is refused at once.
    await expect(startQueryWorker("postgres://thaw@127.0.0.1:1/none")).rejects.toThrow(/ECONNREFUSED/);
  });

  it("rejects when its SQLite file does not exist (it never creates one)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "thaw-query-worker-"));
    try {
      const sqlitePath = path.join(dir, "none.sqlite");
      await expect(startQueryWorker({ sqlitePath })).rejects.toThrow(/unable to open|does not exist/i);
      expect(fs.existsSync(sqlitePath)).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("answers SQLite queries in order on a read-only connection of its own, and reports a failed one", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "thaw-query-worker-"));
    const sqlitePath = path.join(dir, "thaw.sqlite");
    const handle = new BetterSqlite3(sqlitePath);
    try {
      handle.pragma("journal_mode = WAL");
      handle.exec("create table t (n integer); insert into t values (1), (2)");
      const worker = await startQueryWorker({ sqlitePath });
      const first = worker.rows(CompiledQuery.raw("select n + ? as n from t order by n", [10]));
      const second = worker.rows(CompiledQuery.raw("select count(*) as c from t"));
      expect(await first).toEqual([{ n: 11 }, { n: 12 }]);
      expect(await second).toEqual([{ c: 2 }]);
      await expect(worker.rows(CompiledQuery.raw("insert into t values (3) returning n"))).rejects.toThrow(
        /readonly/,
      );
      await worker.close();
      expect(handle.prepare("select count(*) as c from t").get()).toEqual({ c: 2 });
    } finally {
      handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describePostgres("the manifest's query worker on PostgreSQL", (target) => {
  it("answers queries in order, reports a failed one, and ends its connection when closed", async () => {
    const url = target.options().databaseUrl ?? "";
    const worker = await startQueryWorker(url);
    const first = worker.rows(CompiledQuery.raw("select $1::int + 1 as n", [1]));
    const second = worker.rows(CompiledQuery.raw("select 'two' as s"));
    expect(await first).toEqual([{ n: 2 }]);
    expect(await second).toEqual([{ s: "two" }]);
    await expect(worker.rows(CompiledQuery.raw("select * from no_such_table"))).rejects.toThrow(
      /no_such_table/,
    );
    await worker.close();
  });
});
