/**
 * Tree-hash throughput: `treeHashFile` against `openssl dgst -sha256` on the same 512 MiB file
 * (goal: ratio ≥ 0.9). The file is written first, so both read it from the page cache; each tool
 * runs a few times and the best wall time counts (openssl's includes its process start, a few ms).
 * Run with `npx tsx bench/tree-hash.ts`; the temp file is always deleted.
 */

import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, open, rm } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { treeHashFile } from "../lib/glacier/tree-hash-file";
import { runWhenInvokedDirectly } from "./standalone";

const FILE_BYTES = 512 * 1024 * 1024;
const RUNS = 3;

async function writeTestFile(file: string): Promise<void> {
  const block = randomBytes(16 * 1024 * 1024);
  const handle = await open(file, "w");
  try {
    for (let written = 0, n = 0; written < FILE_BYTES; written += block.length, n++) {
      block.writeUInt32LE(n, 0); // every block differs, so no two leaves repeat
      await handle.write(block, 0, Math.min(block.length, FILE_BYTES - written));
    }
  } finally {
    await handle.close();
  }
}

function opensslSha256(file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("openssl", ["dgst", "-sha256", file], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`openssl exited with ${code}: ${stderr}`)),
    );
  });
}

/** Best wall time of `RUNS` runs, in seconds. */
async function bestSeconds(task: () => Promise<unknown>): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await task();
    best = Math.min(best, (performance.now() - started) / 1000);
  }
  return best;
}

const round = (n: number, digits = 1) => Number(n.toFixed(digits));

export async function benchTreeHash(): Promise<Record<string, number | string>> {
  const dir = await mkdtemp(path.join(tmpdir(), "thaw-bench-tree-hash-"));
  const file = path.join(dir, "archive.bin");
  try {
    await writeTestFile(file);
    const mb = FILE_BYTES / 1_000_000;
    const workers = availableParallelism();
    const parallel = await bestSeconds(() => treeHashFile(file));
    const single = await bestSeconds(() => treeHashFile(file, { workers: 1 }));
    const openssl = await bestSeconds(() => opensslSha256(file));
    return {
      fileMB: round(mb, 0),
      workers,
      treeHashMBps: round(mb / parallel),
      treeHashSingleThreadMBps: round(mb / single),
      opensslSha256MBps: round(mb / openssl),
      ratioVsOpenssl: round(openssl / parallel, 2),
      goal: "ratioVsOpenssl >= 0.9",
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

runWhenInvokedDirectly(import.meta.url, benchTreeHash);
