/**
 * The download side of bench/tracking.ts: reading a body, timing paths in alternation, the bare
 * relay that shows what any proxy costs here, and SHA-256 speed. No bench function of its own.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
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

/** A running total of CPU seconds (user + system) of some process. */
export type CpuMeter = () => number;

/** Kernel clock ticks per second (`getconf CLK_TCK`): 100 on every Linux this runs on. */
const CLOCK_TICKS = 100;

/** Parent pid and utime + stime (ticks) from a /proc/…/stat file; null once the process is gone. */
function readStat(file: string): { ppid: number; ticks: number } | null {
  let raw: string;
  try {
    raw = fs.readFileSync(file, "utf8");
  } catch {
    return null;
  }
  // Fields after the command name (which may contain spaces): state ppid … utime(14) stime(15).
  const fields = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
  return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
}

/** Each live process's parent and CPU ticks. */
function procStats(): Map<number, { ppid: number; ticks: number }> {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of fs.readdirSync("/proc")) {
    const stat = /^\d+$/.test(entry) ? readStat(`/proc/${entry}/stat`) : null;
    if (stat) stats.set(Number(entry), stat);
  }
  return stats;
}

/**
 * CPU seconds of a process's main thread alone (its event loop: the serial part of a Node relay;
 * the rest of the process's figure is libuv's pool, GC helpers and worker threads).
 */
export function mainThreadCpu(pid: number): CpuMeter {
  return () => (readStat(`/proc/${pid}/task/${pid}/stat`)?.ticks ?? 0) / CLOCK_TICKS;
}

/**
 * CPU seconds used so far by `pid` and its live descendants: the emulator runs under tsx, which
 * spawns the node process doing the work, so the wrapper's own figure would miss it.
 */
export function processTreeCpu(pid: number): CpuMeter {
  return () => {
    const stats = procStats();
    let ticks = 0;
    const queue = [pid];
    for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
      ticks += stats.get(next)?.ticks ?? 0;
      for (const [child, stat] of stats) if (stat.ppid === next) queue.push(child);
    }
    return ticks / CLOCK_TICKS;
  };
}

/** This process's CPU seconds (the benchmark client reading, and hashing on the direct+hash path). */
export const selfCpu: CpuMeter = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/**
 * Waits until `meter`'s process is idle (under 10% of a core for a second), at most `timeoutMs`:
 * the app finishes startup work (migrations, background syncs of the seeded jobs) on other threads,
 * which would otherwise land in some rounds' CPU figures. Returns the seconds waited.
 */
export async function waitForIdle(meter: CpuMeter, timeoutMs = 60_000): Promise<number> {
  const started = performance.now();
  let last = meter();
  while (performance.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = meter();
    if (now - last < 0.1) break;
    last = now;
  }
  return (performance.now() - started) / 1000;
}

/**
 * Meters for this process ("client") and each child process tree by name; for `mainOf`, also its
 * main thread ("<name> main thread").
 */
export function processMeters(
  pids: Record<string, number | undefined>,
  mainOf?: string,
): Record<string, CpuMeter> {
  const meters: Record<string, CpuMeter> = { client: selfCpu };
  for (const [name, pid] of Object.entries(pids)) {
    if (pid === undefined) continue;
    meters[name] = processTreeCpu(pid);
    if (name === mainOf) meters[`${name} main thread`] = mainThreadCpu(pid);
  }
  return meters;
}

export type AlternateResult = {
  /** MB/s per path (median round). */
  rates: Record<string, number>;
  /** CPU seconds per GB moved, per path then per meter: the median round (one noisy round on a shared box does not skew it). */
  cpuPerGB: Record<string, Record<string, number>>;
};

/**
 * MB/s of each path, median over `rounds` alternating runs after one warm-up run of each (which fills
 * the page cache and opens the keep-alive sockets on both paths alike), and what each process
 * spent on the CPU per GB while each path ran.
 */
export async function alternate(
  paths: Record<string, Path>,
  size: number,
  rounds: number,
  meters: Record<string, CpuMeter> = {},
): Promise<AlternateResult> {
  const times: Record<string, number[]> = {};
  const cpu: Record<string, Record<string, number[]>> = {};
  const readMeters = () => Object.fromEntries(Object.entries(meters).map(([name, meter]) => [name, meter()]));
  for (let round = 0; round <= rounds; round++) {
    for (const [name, run] of Object.entries(paths)) {
      const before = readMeters();
      const started = performance.now();
      const bytes = await run();
      const elapsed = performance.now() - started;
      const after = readMeters();
      if (bytes !== size) throw new Error(`${name}: read ${bytes} bytes, expected ${size}`);
      if (round === 0) continue;
      (times[name] ??= []).push(elapsed);
      const spent = (cpu[name] ??= {});
      for (const meter of Object.keys(meters))
        (spent[meter] ??= []).push((after[meter] ?? 0) - (before[meter] ?? 0));
    }
  }
  const perGB = (seconds: number[]) => median(seconds) / (size / 1e9);
  return {
    rates: Object.fromEntries(
      Object.entries(times).map(([name, ms]) => [name, size / 1e6 / (median(ms) / 1000)]),
    ),
    cpuPerGB: Object.fromEntries(
      Object.entries(cpu).map(([name, spent]) => [
        name,
        Object.fromEntries(Object.entries(spent).map(([meter, s]) => [meter, perGB(s)])),
      ]),
    ),
  };
}

/**
 * The CPU figures as `<prefix>: CPU s/GB, <path> path, <process>` rows, with each path's total (on
 * 2 cores a total over 2 s/GB caps a path below 1 000 MB/s however the work is spread).
 */
export function cpuFigures(
  prefix: string,
  cpuPerGB: Record<string, Record<string, number>>,
): Record<string, number> {
  const figures: Record<string, number> = {};
  const round = (n: number) => Number(n.toFixed(2));
  for (const [pathName, meters] of Object.entries(cpuPerGB)) {
    let total = 0;
    for (const [meter, seconds] of Object.entries(meters)) {
      figures[`${prefix}: CPU s/GB, ${pathName} path, ${meter}`] = round(seconds);
      // A main thread is part of its process's figure already.
      if (!meter.endsWith("main thread")) total += seconds;
    }
    figures[`${prefix}: CPU s/GB, ${pathName} path, all processes`] = round(total);
  }
  return figures;
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
