import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, beforeEach, expect, it } from "vitest";
import { LoadWorker, type LoadWorkerOptions } from "./load-worker";

let dir: string;
let file: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "thaw-load-worker-"));
  file = path.join(dir, "t.sqlite");
  const db = new BetterSqlite3(file);
  db.pragma("journal_mode = WAL");
  db.exec(
    "create table t (seq integer primary key, archive_id text not null, description text not null, decoded_path text not null, decoded_format text not null, decoded_modified text, creation_date text not null, size integer not null, tree_hash text not null)",
  );
  db.close();
});

afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const options = (overrides: Partial<LoadWorkerOptions> = {}): LoadWorkerOptions => ({
  file,
  prefix: "insert into t values ",
  tuple: "(?, ?, ?, ?, ?, ?, ?, ?, ?)",
  width: 9,
  rowsPerStatement: 2,
  rowsPerTransaction: 4,
  pragmas: ["busy_timeout = 5000"],
  ...overrides,
});

/** `count` rows' values as the importing thread sends them: every column but seq, row after row. */
function run(first: number, count: number): unknown[] {
  return Array.from({ length: count }, (_, k) => [
    `id-${first + k}`,
    k % 2 === 0 ? `desc ${first + k}` : "",
    `path/${first + k}`,
    "raw",
    k === 0 ? "2020-01-01T00:00:00Z" : null,
    "2020-01-01T00:00:00Z",
    first + k,
    "ab".repeat(32),
  ]).flat();
}

const rows = () => {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db.prepare("select * from t order by seq").all() as Array<Record<string, unknown>>;
  } finally {
    db.close();
  }
};

it("stores every run's items with their decoded columns, in seq order, once finished", async () => {
  const worker = new LoadWorker(options());
  for (let r = 0; r < 5; r++) {
    await worker.send(run(1 + r * 7, 7), 1 + r * 7);
  }
  await worker.finish();
  const stored = rows();
  expect(stored).toHaveLength(35);
  expect(stored[0]).toEqual({
    seq: 1,
    archive_id: "id-1",
    description: "desc 1",
    decoded_path: "path/1",
    decoded_format: "raw",
    decoded_modified: "2020-01-01T00:00:00Z",
    creation_date: "2020-01-01T00:00:00Z",
    size: 1,
    tree_hash: "ab".repeat(32),
  });
  expect(stored[1]).toMatchObject({ seq: 2, description: "", decoded_modified: null });
  expect(stored.map((r) => r.seq)).toEqual(Array.from({ length: 35 }, (_, k) => k + 1));
});

it("reports a failed write (here a repeated seq) and keeps nothing of the failed transaction", async () => {
  // Large transactions: every row waits for the last one, written in the transaction that fails.
  const worker = new LoadWorker(options({ rowsPerStatement: 1000, rowsPerTransaction: 1000 }));
  const a = run(1, 4);
  await worker.send(a, 1);
  await worker.send(a, 1);
  await expect(worker.finish()).rejects.toThrow(
    /Storing the inventory failed: .*UNIQUE constraint failed: t\.seq/,
  );
  await worker.abort();
  expect(rows()).toHaveLength(0);
});

it("abort stores nothing of the rows still buffered and releases the file", async () => {
  const worker = new LoadWorker(options({ rowsPerStatement: 1000, rowsPerTransaction: 1000 }));
  const a = run(1, 5);
  await worker.send(a, 1);
  await worker.abort();
  expect(rows()).toHaveLength(0);
  // The write lock is free again: another connection can write at once.
  const db = new BetterSqlite3(file);
  db.pragma("busy_timeout = 0");
  expect(() => db.exec("insert into t values (1, 'x', '', '', 'raw', null, 'd', 1, 'h')")).not.toThrow();
  db.close();
});

it("holds no write lock between messages: the app's writes never wait for the next run", async () => {
  const worker = new LoadWorker(options());
  const a = run(1, 5);
  await worker.send(a, 1);
  // send resolves when a slot is free, not when the run is stored: wait until the rows are there.
  await expect.poll(() => rows().length).toBe(4);
  const db = new BetterSqlite3(file);
  db.pragma("busy_timeout = 0");
  expect(() => db.exec("insert into t values (100, 'x', '', '', 'raw', null, 'd', 1, 'h')")).not.toThrow();
  db.close();
  await worker.finish();
  expect(rows().map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 100]);
});

it("fails cleanly when it cannot open the database", async () => {
  const worker = new LoadWorker(options({ file: path.join(dir, "missing.sqlite") }));
  const a = run(1, 1);
  await worker.send(a, 1);
  await expect(worker.finish()).rejects.toThrow(/Storing the inventory failed/);
  await worker.abort();
});
