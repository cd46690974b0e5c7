/**
 * SERVER / EMULATOR ONLY (node:fs, node:worker_threads): never import from a client component.
 *
 * Tree hash of a file or of a byte range of it. The 1 MiB leaves are independent, so worker
 * threads hash contiguous runs of leaves in parallel, each reading its own part of the file;
 * the main thread only combines the 32-byte leaf digests with `combineTreeHashes`. Small inputs
 * are hashed on the main thread, where starting workers would cost more than it saves.
 */

import { open, stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { combineTreeHashes, TREE_HASH_CHUNK, TreeHasher } from "./tree-hash";

export interface TreeHashFileOptions {
  /** First byte (default 0). */
  start?: number;
  /** Last byte, inclusive (default: the file's last byte). */
  end?: number;
  /** Worker threads to use (default: the machine's available parallelism). 1 hashes on the main thread. */
  workers?: number;
}

/** Below this many bytes the main thread hashes alone. */
const PARALLEL_THRESHOLD = 8 * TREE_HASH_CHUNK;
/** Read size per worker; a whole number of leaves so no leaf straddles two reads. */
const READ_SIZE = 8 * TREE_HASH_CHUNK;

interface Segment {
  path: string;
  offset: number;
  length: number;
}

// Plain CommonJS so it runs unchanged under Node, tsx, vitest and Next's server bundle.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { openSync, readSync, closeSync } = require("node:fs");
const { createHash } = require("node:crypto");
const { path, offset, length, leafSize, readSize } = workerData;
const out = new Uint8Array(Math.ceil(length / leafSize) * 32);
const buffer = Buffer.allocUnsafe(Math.min(readSize, length));
const fd = openSync(path, "r");
try {
  let done = 0;
  let leaf = 0;
  while (done < length) {
    const want = Math.min(buffer.length, length - done);
    let got = 0;
    while (got < want) {
      const n = readSync(fd, buffer, got, want - got, offset + done + got);
      if (n === 0) throw new Error("The file ended before the requested range");
      got += n;
    }
    for (let p = 0; p < got; p += leafSize) {
      out.set(createHash("sha256").update(buffer.subarray(p, Math.min(p + leafSize, got))).digest(), 32 * leaf++);
    }
    done += got;
  }
} finally {
  closeSync(fd);
}
parentPort.postMessage(out, [out.buffer]);
`;

function hashSegmentInWorker(segment: Segment): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { ...segment, leafSize: TREE_HASH_CHUNK, readSize: READ_SIZE },
    });
    let settled = false;
    worker.once("message", (digests: Uint8Array) => {
      settled = true;
      resolve(digests);
    });
    worker.once("error", (error) => {
      settled = true;
      reject(error);
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`Tree-hash worker exited with code ${code} before answering`));
    });
  });
}

async function hashOnMainThread({ path, offset, length }: Segment): Promise<string> {
  const hasher = new TreeHasher();
  const file = await open(path, "r");
  try {
    const buffer = Buffer.allocUnsafe(Math.min(READ_SIZE, Math.max(length, 1)));
    let done = 0;
    while (done < length) {
      const { bytesRead } = await file.read(buffer, 0, Math.min(buffer.length, length - done), offset + done);
      if (bytesRead === 0) throw new Error("The file ended before the requested range");
      hasher.update(buffer.subarray(0, bytesRead));
      done += bytesRead;
    }
  } finally {
    await file.close();
  }
  return hasher.digestHex();
}

/** Splits `leaves` leaves into at most `parts` contiguous runs of nearly equal size. */
function splitLeaves(offset: number, length: number, parts: number, path: string): Segment[] {
  const leaves = Math.ceil(length / TREE_HASH_CHUNK);
  const perPart = Math.ceil(leaves / parts);
  const segments: Segment[] = [];
  for (let first = 0; first < leaves; first += perPart) {
    const start = first * TREE_HASH_CHUNK;
    segments.push({
      path,
      offset: offset + start,
      length: Math.min(perPart * TREE_HASH_CHUNK, length - start),
    });
  }
  return segments;
}

/** Hex tree hash of `path`, or of bytes `start..end` (inclusive) of it. */
export async function treeHashFile(path: string, options: TreeHashFileOptions = {}): Promise<string> {
  const { size } = await stat(path);
  const start = options.start ?? 0;
  const end = options.end ?? size - 1;
  if (size === 0 && options.start === undefined && options.end === undefined)
    return new TreeHasher().digestHex();
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || start > end || end >= size) {
    throw new RangeError(`Byte range ${start}-${end} is not within the file (${size} bytes)`);
  }
  const length = end - start + 1;
  const workers = Math.max(1, Math.floor(options.workers ?? availableParallelism()));
  if (workers === 1 || length <= PARALLEL_THRESHOLD) return hashOnMainThread({ path, offset: start, length });
  const digests = await Promise.all(splitLeaves(start, length, workers, path).map(hashSegmentInWorker));
  const leaves: Uint8Array[] = [];
  for (const run of digests) for (let i = 0; i < run.length; i += 32) leaves.push(run.subarray(i, i + 32));
  return combineTreeHashes(leaves).toString("hex");
}
