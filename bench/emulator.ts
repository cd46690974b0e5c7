/**
 * Emulator benchmark. The server runs in its own process (so its RSS can be sampled and its CPU is
 * not the clients'), with a huge time scale so jobs complete at once:
 *   - InitiateJob requests/s with 16 concurrent SDK clients (archive retrievals of a small archive);
 *   - GetJobOutput MB/s for a 512 MiB archive (raw http.get, bytes discarded) next to reading the
 *     same stored file directly with fs (ratio; goal ≥ 0.8); best of 5 interleaved runs each;
 *   - the server's RSS before and at its peak during the downloads (bounded: goal < 100 MB growth);
 *   - for context, the loopback TCP ceiling: another process sending 512 MiB from memory to the same
 *     client. A page-cache read is a memcpy; an HTTP download adds two kernel copies and a second
 *     process, so on one machine the ratio to a direct read is bounded by this ceiling.
 * Run: npx tsx bench/emulator.ts. The temp directory and the server process are always cleaned up.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { open } from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import {
  CreateVaultCommand,
  GlacierClient,
  InitiateJobCommand,
  UploadArchiveCommand,
} from "@aws-sdk/client-glacier";
import { treeHashFile } from "../lib/glacier/tree-hash-file";
import { runWhenInvokedDirectly } from "./standalone";
import { withTestEmulator } from "../emulator/testing/harness";
import { buildRequest } from "../emulator/testing/raw-request";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ARCHIVE_BYTES = 512 * 1024 * 1024;
const CLIENTS = 16;
const INITIATE_SECONDS = 3;
const RUNS = 5;
const CREDENTIALS = { accessKeyId: "AKIDTHAWDEMO00000000", secretAccessKey: "thaw-demo-secret-access-key" };

const round = (n: number, digits = 1) => Number(n.toFixed(digits));
const mb = (bytes: number) => bytes / 1_000_000;

/** Resolves with the URL a child prints as "listening on http://…". */
function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
}

/** Starts `node --import tsx emulator/main.ts` (so the pid is the server itself) and waits for its URL. */
async function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "emulator/main.ts",
      "--port",
      "0",
      "--data",
      dataDir,
      "--time-scale",
      "1000000",
      "--min-retention",
      "3600",
      "--expedited-capacity",
      "1000000",
    ],
    { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
  );
  return { child, url: await listeningUrl(child) };
}

/** Resident set size of a process from /proc (Linux), in bytes. */
function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(m?.[1] ?? 0) * 1024;
}

async function writeArchive(file: string): Promise<void> {
  const block = randomBytes(16 * 1024 * 1024);
  const handle = await open(file, "w");
  try {
    for (let written = 0, n = 0; written < ARCHIVE_BYTES; written += block.length, n++) {
      block.writeUInt32LE(n, 0);
      await handle.write(block, 0, Math.min(block.length, ARCHIVE_BYTES - written));
    }
  } finally {
    await handle.close();
  }
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 }))
    hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** UploadArchive by streaming the file over a SigV4-signed request (the SDK would buffer it). */
async function uploadFile(url: string, file: string): Promise<string> {
  const [treeHash, contentHash] = await Promise.all([treeHashFile(file), sha256File(file)]);
  const signed = await buildRequest(url, {
    method: "POST",
    path: "/-/vaults/bench/archives",
    headers: {
      "x-amz-content-sha256": contentHash,
      "x-amz-sha256-tree-hash": treeHash,
      "content-length": String(ARCHIVE_BYTES),
    },
  });
  return new Promise((resolve, reject) => {
    const req = http.request(signed.url, { method: "POST", headers: signed.headers }, (res) => {
      res.resume();
      const id = res.headers["x-amz-archive-id"];
      res.on("end", () =>
        res.statusCode === 201 && typeof id === "string"
          ? resolve(id)
          : reject(new Error(`upload failed: ${res.statusCode}`)),
      );
    });
    req.on("error", reject);
    createReadStream(file, { highWaterMark: 1024 * 1024 }).pipe(req);
  });
}

/**
 * Bytes/s of a signed GetJobOutput. The client discards efficiently: a raw socket reading into one
 * reused 4 MiB buffer (`onread`), so the figure measures the server, not per-chunk client overhead.
 */
async function downloadOnce(url: string, jobId: string): Promise<number> {
  const signed = await buildRequest(url, { method: "GET", path: `/-/vaults/bench/jobs/${jobId}/output` });
  const head = [
    `GET ${signed.url.pathname} HTTP/1.1`,
    ...Object.entries(signed.headers).map(([k, v]) => `${k}: ${v}`),
    "Connection: close",
    "",
    "",
  ].join("\r\n");
  const started = performance.now();
  const bytes = await new Promise<number>((resolve, reject) => {
    let header = "";
    let body = -1;
    let expected = Number.POSITIVE_INFINITY;
    const socket = net.connect({
      host: signed.url.hostname,
      port: Number(signed.url.port),
      onread: {
        buffer: Buffer.allocUnsafe(4 * 1024 * 1024),
        callback(n: number, buffer: Uint8Array) {
          if (body < 0) {
            header += Buffer.from(buffer.buffer, buffer.byteOffset, n).toString("latin1");
            const end = header.indexOf("\r\n\r\n");
            if (end < 0) return true;
            if (!header.startsWith("HTTP/1.1 200")) reject(new Error(header.split("\r\n")[0]));
            expected = Number(/content-length: (\d+)/i.exec(header)?.[1] ?? NaN);
            body = header.length - end - 4;
          } else body += n;
          if (body >= expected) {
            socket.destroy();
            resolve(body);
          }
          return true;
        },
      },
    });
    socket.on("error", reject);
    socket.write(head);
  });
  if (bytes !== ARCHIVE_BYTES) throw new Error(`downloaded ${bytes} bytes, expected ${ARCHIVE_BYTES}`);
  return bytes / ((performance.now() - started) / 1000);
}

/**
 * The transport's ceiling for context: a separate Node process answering any request with 512 MiB
 * from memory over the same loopback TCP, read by the same client.
 */
const CEILING_SERVER = `
const net = require("node:net");
const chunk = Buffer.alloc(1024 * 1024, 7);
const total = ${ARCHIVE_BYTES};
net.createServer((socket) => {
  socket.once("data", () => {
    socket.write("HTTP/1.1 200 OK\\r\\nContent-Length: " + total + "\\r\\n\\r\\n");
    let sent = 0;
    const pump = () => { while (sent < total) { sent += chunk.length; if (!socket.write(chunk)) return socket.once("drain", pump); } };
    pump();
  });
  socket.on("error", () => {});
}).listen(0, "127.0.0.1", function () { console.log("listening on http://127.0.0.1:" + this.address().port); });
`;

async function transportCeiling(): Promise<number> {
  const child = spawn(process.execPath, ["-e", CEILING_SERVER], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const url = await listeningUrl(child);
    return await best(RUNS, () => downloadOnce(url, "ceiling"));
  } finally {
    child.kill("SIGTERM");
  }
}

async function readDirectOnce(file: string): Promise<number> {
  const started = performance.now();
  let n = 0;
  await pipeline(
    createReadStream(file, { highWaterMark: 1024 * 1024 }),
    async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) n += chunk.length;
    },
  );
  return n / ((performance.now() - started) / 1000);
}

async function best(runs: number, task: () => Promise<number>): Promise<number> {
  let top = 0;
  for (let i = 0; i < runs; i++) top = Math.max(top, await task());
  return top;
}

/** 16 clients, each sending InitiateJob back to back for a fixed time; returns requests/s. */
async function initiateRate(url: string, archiveId: string): Promise<number> {
  const clients = Array.from(
    { length: CLIENTS },
    () => new GlacierClient({ endpoint: url, region: "us-east-1", credentials: CREDENTIALS, maxAttempts: 1 }),
  );
  const send = (client: GlacierClient) =>
    client.send(
      new InitiateJobCommand({
        accountId: "-",
        vaultName: "bench",
        jobParameters: { Type: "archive-retrieval", ArchiveId: archiveId },
      }),
    );
  try {
    await Promise.all(clients.map(send)); // warm up connections
    let count = 0;
    const deadline = performance.now() + INITIATE_SECONDS * 1000;
    const started = performance.now();
    await Promise.all(
      clients.map(async (client) => {
        while (performance.now() < deadline) {
          await send(client);
          count++;
        }
      }),
    );
    return count / ((performance.now() - started) / 1000);
  } finally {
    for (const client of clients) client.destroy();
  }
}

/** Starting the emulator with the demo seed (5 vaults, 100 085 archives), as `npm run demo`'s first start does. */
async function demoSeedMillis(): Promise<number> {
  const started = performance.now();
  return withTestEmulator({ seed: "demo" }, async () => performance.now() - started);
}

export async function benchEmulator(): Promise<Record<string, number | string>> {
  const seedMillis = await demoSeedMillis();
  const dir = mkdtempSync(path.join(tmpdir(), "thaw-bench-emulator-"));
  let server: ChildProcess | undefined;
  try {
    const started = await startServer(path.join(dir, "data"));
    server = started.child;
    const { url } = started;
    const pid = server.pid ?? 0;
    const client = new GlacierClient({ endpoint: url, region: "us-east-1", credentials: CREDENTIALS });
    await client.send(new CreateVaultCommand({ accountId: "-", vaultName: "bench" }));
    const small = await client.send(
      new UploadArchiveCommand({ accountId: "-", vaultName: "bench", body: randomBytes(1024) }),
    );
    const requestsPerSecond = await initiateRate(url, small.archiveId ?? "");

    const source = path.join(dir, "archive.bin");
    await writeArchive(source);
    const archiveId = await uploadFile(url, source);
    rmSync(source);
    const { jobId } = await client.send(
      new InitiateJobCommand({
        accountId: "-",
        vaultName: "bench",
        jobParameters: { Type: "archive-retrieval", ArchiveId: archiveId, Tier: "Expedited" },
      }),
    );
    client.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50)); // completes after 3 min ÷ 10^6
    const stored = path.join(dir, "data", "archives", archiveId.slice(0, 2), archiveId);

    const baseline = rssOf(pid);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 10);
    // Interleaved, best of RUNS each: load from other processes hits both alike.
    let viaEmulator = 0;
    let direct = 0;
    for (let i = 0; i < RUNS; i++) {
      viaEmulator = Math.max(viaEmulator, await downloadOnce(url, jobId ?? ""));
      direct = Math.max(direct, await readDirectOnce(stored));
    }
    clearInterval(sampler);
    const ceiling = await transportCeiling();
    return {
      "demo seed + start, 100 085 archives (ms)": round(seedMillis, 0),
      "InitiateJob requests/s (16 SDK clients)": round(requestsPerSecond, 0),
      "GetJobOutput 512 MiB (MB/s)": round(mb(viaEmulator), 0),
      "direct fs read of the stored file (MB/s)": round(mb(direct), 0),
      "GetJobOutput / direct read (goal >= 0.8)": round(viaEmulator / direct, 2),
      "loopback TCP ceiling: 512 MiB from memory, same client (MB/s)": round(mb(ceiling), 0),
      "GetJobOutput / TCP ceiling": round(viaEmulator / ceiling, 2),
      "server RSS before download (MB)": round(mb(baseline), 0),
      "server peak RSS during download (MB)": round(mb(peak), 0),
      "server RSS growth during download (MB, goal < 100)": round(mb(peak - baseline), 0),
    };
  } finally {
    server?.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 300));
    rmSync(dir, { recursive: true, force: true });
  }
}

runWhenInvokedDirectly(import.meta.url, benchEmulator);
