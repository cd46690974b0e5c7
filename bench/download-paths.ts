/**
 * The download side of bench/tracking.ts: reading a body, timing paths in alternation, the bare
 * relay that shows what any proxy costs here, and SHA-256 speed. No bench function of its own.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import http from "node:http";
import { type Readable } from "node:stream";
import { type TreeHasher } from "../lib/glacier/tree-hash";

export const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

export { freePort } from "../tests/free-port";

/** Reads a body to its end; with `hasher`, also tree-hashes it (what verifying the bytes costs a client). */
export async function drain(stream: Readable, hasher?: TreeHasher): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) {
    bytes += (chunk as Buffer).length;
    hasher?.update(chunk as Buffer);
  }
  return bytes;
}

export type Path = () => Promise<number>;

/**
 * MB/s of each path, median over `rounds` alternating runs after one warm-up run of each (which fills
 * the page cache and opens the keep-alive sockets on both paths alike).
 */
export async function alternate(
  paths: Record<string, Path>,
  size: number,
  rounds: number,
): Promise<Record<string, number>> {
  const times: Record<string, number[]> = {};
  for (let round = 0; round <= rounds; round++) {
    for (const [name, run] of Object.entries(paths)) {
      const started = performance.now();
      const bytes = await run();
      if (bytes !== size) throw new Error(`${name}: read ${bytes} bytes, expected ${size}`);
      if (round > 0) (times[name] ??= []).push(performance.now() - started);
    }
  }
  return Object.fromEntries(
    Object.entries(times).map(([name, ms]) => [name, size / 1e6 / (median(ms) / 1000)]),
  );
}

/** Asks as a browser does (gzip accepted): an archive must still come back as is, never compressed. */
export function httpGet(url: string, cookie: string): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { cookie, "accept-encoding": "gzip, deflate, br" } }, (res) => {
        const encoding = res.headers["content-encoding"];
        if (encoding && encoding !== "identity") reject(new Error(`${url} came back ${encoding}-encoded`));
        else resolve(res);
      })
      .on("error", reject);
  });
}

/**
 * The cost of any extra hop on this machine: a bare Node process that relays GetJobOutput to the
 * client with `pipe` (the SDK reading, the HTTP server writing), no hashing, no framework. Thaw's
 * route cannot beat it; the gap between the two is Thaw's own work.
 */
export interface BareProxyTarget {
  jobId: string;
  emulatorPort: number;
  proxyPort: number;
  /** Where @aws-sdk/client-glacier resolves from. */
  root: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export function startBareProxy({
  jobId,
  emulatorPort,
  proxyPort,
  root,
  credentials,
}: BareProxyTarget): ChildProcess {
  const source = `
    const http = require("node:http");
    const { GlacierClient, GetJobOutputCommand } = require("@aws-sdk/client-glacier");
    const client = new GlacierClient(${JSON.stringify({ endpoint: `http://127.0.0.1:${emulatorPort}`, region: "us-east-1", credentials })});
    http.createServer(async (req, res) => {
      if (req.url === "/health") return res.end("ok");
      const out = await client.send(new GetJobOutputCommand({ accountId: "-", vaultName: "documents", jobId: ${JSON.stringify(jobId)} }));
      res.writeHead(200, { "content-type": "application/octet-stream" });
      out.body.pipe(res);
    }).listen(${proxyPort}, "127.0.0.1");`;
  return spawn(process.execPath, ["-e", source], { cwd: root, stdio: "ignore" });
}

/** SHA-256 of 1 MiB buffers on one core (the tree hash's leaves): a bound on any verifying reader. */
export function sha256Rate(): number {
  const leaf = Buffer.alloc(1024 * 1024, 0x5a);
  const started = performance.now();
  for (let i = 0; i < 256; i++) createHash("sha256").update(leaf).digest();
  return (256 * leaf.length) / 1e6 / ((performance.now() - started) / 1000);
}
