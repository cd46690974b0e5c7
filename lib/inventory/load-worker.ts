import "server-only";
import { Worker } from "node:worker_threads";

/**
 * A second thread that writes a JSON inventory's rows into its SQLite table while the importing
 * thread parses, validates and decodes the next ones: on two cores the load takes about the time of
 * the slower half instead of the sum. Each message carries the column values of about 2 500 rows
 * (every column but seq, which follows from the message's first), copied by structured clone. Tried
 * before: sending each run's JSON text for the worker to parse again cost the worker more than the
 * clone costs the importing thread, and kept the texts alive (peak RSS ≈ 370 against ≈ 280 MB).
 *
 * The worker is plain CommonJS run with `eval`: no bundler has to find and emit a worker file, and it
 * needs nothing but better-sqlite3 (resolved from the working directory, as in the standalone build).
 */
const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require("node:worker_threads");
const Database = require("better-sqlite3");
const { file, prefix, tuple, width, rowsPerStatement, rowsPerTransaction, pragmas } = workerData;
let db = null;
let begin = null;
let commit = null;
let rollback = null;
const statements = new Map();
const statement = (rows) => {
  let made = statements.get(rows);
  if (!made) {
    made = db.prepare(prefix + Array(rows).fill(tuple).join(", "));
    statements.set(rows, made);
  }
  return made;
};
// A transaction's rows as statement-sized parameter arrays, filled in place and reused (no array per
// row or per statement). Rows wait here across messages until a whole transaction is ready, which is
// then written in one burst: the write lock is never held while waiting for the next message.
const slots = Array.from({ length: Math.max(1, Math.floor(rowsPerTransaction / rowsPerStatement)) }, () => new Array(rowsPerStatement * width));
let slot = 0;
let filled = 0;
const writeBuffered = () => {
  if (slot === 0 && filled === 0) return;
  begin.run();
  for (let k = 0; k < slot; k++) statement(rowsPerStatement).run(slots[k]);
  if (filled > 0) statement(filled / width).run(slots[slot].slice(0, filled));
  commit.run();
  slot = 0;
  filled = 0;
};
const close = () => {
  if (db !== null && db.open) {
    if (db.inTransaction) rollback.run();
    db.close();
  }
};
parentPort.on("message", (message) => {
  try {
    if (db === null) {
      db = new Database(file, { fileMustExist: true });
      for (const pragma of pragmas) db.pragma(pragma);
      [begin, commit, rollback] = ["BEGIN", "COMMIT", "ROLLBACK"].map((sql) => db.prepare(sql));
    }
    if (message.type === "run") {
      const values = message.values;
      const sent = width - 1;
      for (let at = 0, seq = message.seq; at < values.length; at += sent, seq++) {
        const params = slots[slot];
        params[filled] = seq;
        for (let k = 0; k < sent; k++) params[filled + 1 + k] = values[at + k];
        filled += width;
        if (filled === params.length) {
          filled = 0;
          if (++slot === slots.length) writeBuffered();
        }
      }
      parentPort.postMessage({ type: "stored" });
    } else if (message.type === "end") {
      writeBuffered();
      close();
      parentPort.postMessage({ type: "ended" });
    } else {
      close();
      parentPort.postMessage({ type: "ended" });
    }
  } catch (error) {
    try {
      close();
    } catch {}
    parentPort.postMessage({ type: "failed", message: error && error.message ? error.message : String(error) });
  }
});
`;

export interface LoadWorkerOptions {
  file: string;
  /** `insert into "t" ("seq", …) values ` and one row's `(?, …)`, in ARCHIVE_COLUMNS order. */
  prefix: string;
  tuple: string;
  width: number;
  rowsPerStatement: number;
  /** Rows written per transaction (a multiple of rowsPerStatement), in one burst. */
  rowsPerTransaction: number;
  /** Run on the worker's connection before it writes (busy_timeout, synchronous, …). */
  pragmas: string[];
}

type Reply = { type: "stored" } | { type: "ended" } | { type: "failed"; message: string };

/** Messages sent but not stored yet: bounds memory (≈ 1 MB of values each) when the writer falls behind. */
const MAX_IN_FLIGHT = 4;

export class LoadWorker {
  private readonly worker: Worker;
  private inFlight = 0;
  private failure: Error | null = null;
  private ended = false;
  private wake: (() => void) | null = null;

  constructor(options: LoadWorkerOptions) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: options });
    this.worker.on("message", (reply: Reply) => {
      if (reply.type === "stored") this.inFlight--;
      else if (reply.type === "ended") this.ended = true;
      else this.failure ??= new Error(`Storing the inventory failed: ${reply.message}`);
      this.notify();
    });
    this.worker.on("error", (error) => {
      this.failure ??= error;
      this.notify();
    });
    this.worker.on("exit", () => {
      if (!this.ended) this.failure ??= new Error("The inventory writer thread stopped unexpectedly");
      this.ended = true;
      this.notify();
    });
  }

  /**
   * Queues rows given as flat values (ARCHIVE_COLUMNS but seq, row after row), numbered from `seq`;
   * waits while too many are queued. Throws the writer's failure, if any.
   */
  async send(values: unknown[], seq: number): Promise<void> {
    if (this.failure) throw this.failure;
    await this.until(() => this.inFlight < MAX_IN_FLIGHT);
    this.inFlight++;
    this.worker.postMessage({ type: "run", values, seq });
  }

  /** Commits what is queued and closes the worker's connection. Throws the writer's failure, if any. */
  async finish(): Promise<void> {
    this.worker.postMessage({ type: "end" });
    try {
      await this.until(() => this.ended);
    } finally {
      await this.worker.terminate();
    }
  }

  /** Drops what is queued (uncommitted rows roll back) and closes the connection; never throws. */
  async abort(): Promise<void> {
    if (!this.ended) this.worker.postMessage({ type: "abort" });
    await this.until(() => this.ended, true).catch(() => undefined);
    await this.worker.terminate();
  }

  /** Resolves once `ready()`; rejects with the writer's failure unless `tolerant` (then waits for its end). */
  private until(ready: () => boolean, tolerant = false): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        this.wake = null;
        if (ready()) resolve();
        else if (this.failure && (!tolerant || this.ended)) reject(this.failure);
        else this.wake = check;
      };
      check();
    });
  }

  private notify(): void {
    this.wake?.();
  }
}
