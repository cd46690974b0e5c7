import "server-only";
import { Worker } from "node:worker_threads";

/**
 * A second thread that writes a JSON inventory's rows into its SQLite table while the importing
 * thread parses, validates and decodes the next runs: on two cores the load takes about the time of
 * the slower half instead of the sum. Rows do not cross threads (serialising 1M rows costs as much as
 * parsing them): the worker gets each run's exact text, parses it again with JSON.parse (identical
 * input, identical values; the importing thread has validated them) and only the decoded columns
 * come along, as JSON.
 *
 * The worker is plain CommonJS run with `eval`: no bundler has to find and emit a worker file, and it
 * needs nothing but better-sqlite3 (resolved from the working directory, as in the standalone build).
 */
const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require("node:worker_threads");
const Database = require("better-sqlite3");
const { file, prefix, tuple, width, rowsPerStatement, rowsPerTransaction, pragmas } = workerData;
let db = null;
const statements = new Map();
const statement = (rows) => {
  let made = statements.get(rows);
  if (!made) {
    made = db.prepare(prefix + Array(rows).fill(tuple).join(", "));
    statements.set(rows, made);
  }
  return made;
};
let pending = [];
const flush = () => {
  if (pending.length === 0) return;
  const values = pending;
  pending = [];
  db.transaction(() => {
    for (let at = 0; at < values.length; at += rowsPerStatement * width) {
      const part = values.slice(at, at + rowsPerStatement * width);
      statement(part.length / width).run(part);
    }
  })();
};
const close = () => {
  if (db !== null && db.open) db.close();
};
parentPort.on("message", (message) => {
  try {
    if (db === null) {
      db = new Database(file, { fileMustExist: true });
      for (const pragma of pragmas) db.pragma(pragma);
    }
    if (message.type === "run") {
      const items = JSON.parse("[" + message.text + "]");
      const decoded = JSON.parse(message.decoded);
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        const d = 3 * i;
        pending.push(message.seq + i, item.ArchiveId, item.ArchiveDescription ?? "", decoded[d], decoded[d + 1], decoded[d + 2], item.CreationDate, item.Size, item.SHA256TreeHash);
      }
      if (pending.length >= rowsPerTransaction * width) flush();
      parentPort.postMessage({ type: "stored" });
    } else if (message.type === "end") {
      flush();
      close();
      parentPort.postMessage({ type: "ended" });
    } else {
      pending = [];
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
  rowsPerTransaction: number;
  /** Run on the worker's connection before it writes (busy_timeout, synchronous, …). */
  pragmas: string[];
}

type Reply = { type: "stored" } | { type: "ended" } | { type: "failed"; message: string };

/** Runs sent but not stored yet: bounds memory (≈ 1 MiB of text each) when the writer falls behind. */
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

  /** Queues one run; waits while too many are queued. Throws the writer's failure, if any. */
  async send(text: string, decoded: string, seq: number): Promise<void> {
    await this.until(() => this.inFlight < MAX_IN_FLIGHT);
    this.inFlight++;
    this.worker.postMessage({ type: "run", text, decoded, seq });
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
