import "server-only";
import { Worker } from "node:worker_threads";
import { type CompiledQuery } from "kysely";

/**
 * The young generation of the worker's V8 heap, in MB. Reading the manifest off a PostgreSQL socket
 * allocates ~3 bytes of Buffers per byte of text (socket reads, pg's message buffer) that only a
 * garbage collection frees; with V8's default young generation (up to 128 MB here) they piled up
 * to 60 MB of ArrayBuffers and the process peaked 90 MB above its idle size. A young generation
 * this small is collected every few pages, so those Buffers die young.
 */
const YOUNG_GENERATION_MB = 4;

/**
 * The SQLite connection's page cache, in KiB. better-sqlite3's 16 000 bought nothing here: the pages
 * not reached yet are one random seek each into the inventory (GBs at 10 M archives), which no cache
 * of this size holds, and at 10 M it cost 15 MB of peak RSS (189 → 174 MB).
 */
const SQLITE_CACHE_KB = 4000;

/**
 * The worker's whole program, plain JavaScript evaluated by Node: it loads `pg` or `better-sqlite3`
 * from the working directory (the project, or the standalone build's folder, where Next keeps its
 * external packages), opens one connection (SQLite's read-only, on the same file), and runs the
 * queries it is sent one at a time, answering each with its rows. Kept as source text so it needs no
 * bundling: a TypeScript worker file would not exist as such in Next's built server.
 */
const SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { createRequire } = require("node:module");
const load = createRequire(process.cwd() + "/");
const message = (error) => String((error && error.message) || error);
let run;
let end;
if (workerData.sqlitePath) {
  try {
    const Database = load("better-sqlite3");
    const db = new Database(workerData.sqlitePath, { readonly: true, fileMustExist: true, timeout: 5000 });
    db.pragma("cache_size = -" + workerData.sqliteCacheKb);
    run = async (query) => db.prepare(query.sql).all(query.parameters);
    end = async () => db.close();
    parentPort.postMessage({ ready: true });
  } catch (error) {
    parentPort.postMessage({ error: message(error) });
  }
} else {
  const pg = load("pg");
  const client = new pg.Client({ connectionString: workerData.url, application_name: "thaw manifest" });
  client.on("error", (error) => parentPort.postMessage({ error: String(error && error.message) }));
  client.connect().then(
    () => parentPort.postMessage({ ready: true }),
    (error) => parentPort.postMessage({ error: message(error) }),
  );
  run = async (query) => (await client.query(query.sql, query.parameters)).rows;
  end = () => client.end();
}
parentPort.on("message", async (query) => {
  if (query === null) {
    parentPort.close();
    await end().catch(() => undefined);
    return;
  }
  try {
    parentPort.postMessage({ rows: await run(query) });
  } catch (error) {
    parentPort.postMessage({ error: message(error) });
  }
});
`;

type Reply = { ready?: true; rows?: Record<string, unknown>[]; error?: string };

/** A PostgreSQL connection in a worker thread of its own: its garbage never reaches this thread's heap. */
export type QueryWorker = {
  /**
   * The rows of one query (each field as pg's default parsers give it: int8 as a string). Queries
   * may be sent before the last one is answered; once one fails, every later one fails too.
   */
  rows(query: CompiledQuery): Promise<Record<string, unknown>[]>;
  /** Ends the connection and the thread. */
  close(): Promise<void>;
};

/**
 * Starts the worker on a PostgreSQL URL or a SQLite file and waits for its connection; rejects when
 * either fails.
 */
export async function startQueryWorker(database: string | { sqlitePath: string }): Promise<QueryWorker> {
  const worker = new Worker(SOURCE, {
    eval: true,
    name: "thaw manifest", // also its thread's name in the OS (ps -T, /proc/<pid>/task/*/comm)
    workerData:
      typeof database === "string"
        ? { url: database }
        : { sqlitePath: database.sqlitePath, sqliteCacheKb: SQLITE_CACHE_KB },
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
  // Replies come in the order of the queries (one connection runs them one after the other).
  const waiting: { resolve(reply: Reply): void; reject(error: Error): void }[] = [];
  let failed: Error | undefined;
  const fail = (error: Error) => {
    failed ??= error;
    for (const each of waiting.splice(0)) each.reject(error);
  };
  worker.on("message", (reply: Reply) => {
    if (reply.error !== undefined) fail(new Error(reply.error));
    else waiting.shift()?.resolve(reply);
  });
  worker.on("error", fail);
  let exited = false;
  worker.on("exit", (code) => {
    exited = true;
    fail(new Error(`the manifest's query worker exited (${code})`));
  });
  const next = () =>
    failed
      ? Promise.reject(failed)
      : new Promise<Reply>((resolve, reject) => waiting.push({ resolve, reject }));
  try {
    await next();
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  return {
    async rows(query) {
      const reply = next();
      worker.postMessage({ sql: query.sql, parameters: query.parameters });
      return (await reply).rows ?? [];
    },
    async close() {
      if (exited) return;
      const ended = new Promise((resolve) => worker.once("exit", resolve));
      worker.postMessage(null);
      // The connection ends politely; a worker stuck past that is stopped.
      const timer = setTimeout(() => void worker.terminate(), 5_000);
      await ended;
      clearTimeout(timer);
    },
  };
}
