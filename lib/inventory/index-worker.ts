import "server-only";
import { Worker } from "node:worker_threads";

/**
 * Runs DDL (an import's ArchiveId index, the background sort-index builds) on a SQLite file from a
 * thread of its own. On the
 * app's thread a CREATE INDEX would block the event loop for its whole run (≈ 0.5–1.4 s per index
 * per million archives), and better-sqlite3's busy wait for a lock held by one of the app's own
 * open transactions would stall the very event loop that transaction needs to finish. Plain
 * CommonJS run with `eval`, as in load-worker.ts.
 */
const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require("node:worker_threads");
const Database = require("better-sqlite3");
let db = null;
try {
  db = new Database(workerData.file, { fileMustExist: true });
  for (const pragma of workerData.pragmas) db.pragma(pragma);
  for (const statement of workerData.statements) db.exec(statement);
  parentPort.postMessage({ ok: true });
} catch (error) {
  parentPort.postMessage({
    ok: false,
    message: error && error.message ? error.message : String(error),
    code: error && typeof error.code === "string" ? error.code : undefined,
  });
} finally {
  if (db !== null && db.open) db.close();
}
`;

type Reply = { ok: true } | { ok: false; message: string; code?: string };

/**
 * Executes the statements in order on their own connection; rejects with the first failure, which
 * keeps better-sqlite3's `code` (e.g. SQLITE_CONSTRAINT_UNIQUE, for isUniqueViolation).
 */
export function execInWorker(file: string, pragmas: string[], statements: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, pragmas, statements } });
    // Not unref'd: a script that imports and then awaits the build must not exit under it.
    let reply: Reply | null = null;
    worker.on("message", (message: Reply) => (reply = message));
    worker.on("error", reject);
    worker.on("exit", () => {
      if (reply?.ok) resolve();
      else if (reply)
        reject(Object.assign(new Error(reply.message), reply.code === undefined ? {} : { code: reply.code }));
      else reject(new Error("The index thread stopped unexpectedly"));
    });
  });
}
