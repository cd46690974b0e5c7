import "server-only";
import { Worker } from "node:worker_threads";

/**
 * SHA-256 of tree-hash leaves on one worker thread. WebCrypto's digest also hashes off the event
 * loop, but first copies each leaf into fresh memory on the event loop: in a profiled download that
 * copy was a quarter of the app's main-thread time. Here the leaf's memory itself moves to the
 * worker and back (transferred, not copied). Measured (bench/tracking.ts, alternating runs on 2
 * busy cores, so ranges): the app's main thread went from 1.08 to 0.84 CPU-s/GB and the whole app
 * from 1.60–1.70 to 1.42–1.47; copying leaves into reused SharedArrayBuffer slots instead saved
 * about half as much.
 */

// Plain JS evaluated in the worker: no bundling of a separate worker file.
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { createHash } = require("node:crypto");
parentPort.on("message", ({ id, buffer, length }) => {
  try {
    const digest = createHash("sha256").update(new Uint8Array(buffer, 0, length)).digest("hex");
    parentPort.postMessage({ id, digest, buffer }, [buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: String(error) });
  }
});`;

export type HashedLeaf = { digest: string; bytes: Buffer };
type Reply = { id: number; digest?: string; buffer?: ArrayBuffer; error?: string };
type Waiter = { length: number; resolve: (leaf: HashedLeaf) => void; reject: (error: Error) => void };

let worker: Worker | null = null;
let nextId = 0;
const waiting = new Map<number, Waiter>();

function failAll(error: Error): void {
  worker = null;
  for (const waiter of waiting.values()) waiter.reject(error);
  waiting.clear();
}

/** The shared worker, started on first use; one that died is replaced by the next call. */
function hashWorker(): Worker {
  if (worker) return worker;
  const started = new Worker(WORKER_SOURCE, { eval: true, name: "thaw-leaf-hasher" });
  started.on("message", ({ id, digest, buffer, error }: Reply) => {
    const waiter = waiting.get(id);
    waiting.delete(id);
    if (waiting.size === 0) started.unref();
    if (!waiter) return;
    if (digest !== undefined && buffer)
      waiter.resolve({ digest, bytes: Buffer.from(buffer, 0, waiter.length) });
    else waiter.reject(new Error(`leaf hashing failed: ${error ?? "no digest"}`));
  });
  started.on("error", (error) => {
    if (worker === started) failAll(error);
  });
  started.on("exit", (code) => {
    if (worker === started) failAll(new Error(`the leaf hashing thread exited (${code})`));
  });
  // Idle, it must not keep a process (a test run, a CLI) alive.
  started.unref();
  worker = started;
  return started;
}

/**
 * Hex SHA-256 of `leaf`, and the same bytes back. `leaf`'s memory moves to the hashing thread, so
 * `leaf` reads as empty afterwards: use the returned bytes. The caller must own all of `leaf`'s
 * memory; a view that cannot be its own memory (offset, shared, or Buffer's small-allocation pool)
 * is copied first.
 */
export function hashLeaf(leaf: Uint8Array): Promise<HashedLeaf> {
  const owned =
    leaf.buffer instanceof ArrayBuffer && leaf.byteOffset === 0 && leaf.buffer.byteLength > Buffer.poolSize
      ? leaf.buffer
      : new Uint8Array(leaf).buffer;
  const target = hashWorker();
  const id = nextId++;
  // Read before posting: the transfer empties `leaf`.
  const length = leaf.length;
  return new Promise<HashedLeaf>((resolve, reject) => {
    // Posted first: if posting throws, nothing is left waiting and the worker is not held referenced.
    // The reply cannot arrive before the waiter is set (messages are delivered on a later turn).
    target.postMessage({ id, buffer: owned, length }, [owned]);
    waiting.set(id, { length, resolve, reject });
    // Referenced while a digest is owed, so a process waiting on one does not exit under it.
    target.ref();
  });
}
