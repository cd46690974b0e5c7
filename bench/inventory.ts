/**
 * Inventory benchmark: writes a Glacier JSON inventory of 1 000 000 archives (138-character ids,
 * descriptions in every format Thaw decodes, all printable ASCII as Glacier requires) to a temp
 * file, then measures, each in its own child process so peak RSS is that task's alone:
 *   - the streaming parser (lib/inventory/parse) against JSON.parse of the whole file,
 *   - streaming parse plus description decoding,
 *   - the full import into a fresh SQLite database (lib/inventory/import), with the load worker and
 *     on a single thread, each [runs] times (median; the 1-minute load average printed with every run).
 *     Two times per import: "complete" (every row stored, every ArchiveId checked unique, the
 *     inventory visible and searchable: what the issue's ≥ 200 000 archives/s goal measures, as an
 *     import is done for its user then) and "indexed" (the unique ArchiveId index and the three sort
 *     indexes, built in the background right after, exist too).
 * Run: npx tsx bench/inventory.ts [archives] [runs]. Temp files are removed afterwards.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  cloudBerryDescription as cloudBerry,
  fastGlacierDescription,
  mt1Description as mt1,
  mt2Description as mt2,
} from "../lib/glacier/descriptions/encoders";

const DEFAULT_ARCHIVES = 1_000_000;
const VAULT = "bench-vault";
const NAMES = [
  "photos/2019/IMG_%.JPG",
  "docs/report-%.pdf",
  "Música/canción %.flac",
  "写真/旅行 %.png",
  "backup 🎉 %.tar.gz",
];

type Mode = "stream" | "stream-decode" | "json-parse" | "import" | "import-single-thread";
type ChildResult = {
  ms: number;
  cpuMs: number;
  maxRssMb: number;
  archives: number;
  /** Imports only: until the background indexes exist, with CPU and peak RSS by then. */
  indexed?: { ms: number; cpuMs: number; maxRssMb: number };
  loadAverage: number;
};

function description(i: number, random: Buffer): string {
  const name = (NAMES[i % NAMES.length] ?? "%").replace("%", String(i));
  const date = new Date(Date.UTC(2015, 0, 1) + i * 60_000).toISOString();
  const roll = random[i % random.length] ?? 0;
  if (roll < 77) return mt2(name, date); // 30 %
  if (roll < 90) return mt1(name, date); // 5 %
  if (roll < 141)
    return fastGlacierDescription(name, date, { ce: `0:0:${random.toString("hex", 0, 16)}:${1000 + i}` }); // 20 %
  if (roll < 166) return fastGlacierDescription(`/${name}`, date); // 10 %: CrushFTP / QNAP, no <ce>
  if (roll < 204) return cloudBerry(`C:\\Data\\${name}`, date, i % 4); // 15 %
  // 10 %: glacier-cli style plain names. Glacier accepts printable ASCII only (glacier-api.md §2.2), so a
  // real inventory never holds raw UTF-8 there; the other formats encode Unicode names into ASCII.
  if (roll < 230) return (name.split("/").pop() ?? name).replace(/[^\x20-\x7e]/g, "_");
  if (roll < 243) return ""; // 5 %
  return random.toString("base64url", 0, 104).slice(0, 138); // 5 %: Synology's opaque names
}

/** Writes the inventory exactly as Glacier formats it (glacier-api.md §6), 1 MiB at a time. */
export function writeInventory(file: string, archives: number): number {
  const fd = fs.openSync(file, "w");
  try {
    let text = `{"VaultARN":"arn:aws:glacier:us-east-1:012345678901:vaults/${VAULT}","InventoryDate":"2026-11-25T03:00:00Z","ArchiveList":[`;
    for (let i = 0; i < archives; i++) {
      const random = randomBytes(136);
      const item = {
        ArchiveId: random.toString("base64url", 0, 104).slice(0, 138),
        ArchiveDescription: description(i, random.subarray(104)),
        CreationDate: new Date(Date.UTC(2016, 0, 1) + i * 31_000).toISOString(),
        Size: 1 + (random.readUInt32LE(104) % 2 ** 31),
        SHA256TreeHash: random.toString("hex", 0, 32),
      };
      text += (i === 0 ? "" : ",") + JSON.stringify(item);
      if (text.length > 1 << 20) {
        fs.writeSync(fd, text);
        text = "";
      }
    }
    fs.writeSync(fd, `${text}]}`);
  } finally {
    fs.closeSync(fd);
  }
  return fs.statSync(file).size;
}

async function runChild(mode: Mode, file: string, dir: string): Promise<ChildResult> {
  const started = performance.now();
  cpuAtStart = process.cpuUsage();
  let archives = 0;
  if (mode === "json-parse") {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as { ArchiveList: unknown[] };
    archives = parsed.ArchiveList.length;
  } else if (mode === "import" || mode === "import-single-thread") {
    const { createDatabase } = await import("../lib/db");
    const { importInventory } = await import("../lib/inventory");
    // A database per mode: the second import must not find the first one's 600 MB in its file.
    const database = await createDatabase({ sqlitePath: path.join(dir, `${mode}.sqlite`) });
    const importStart = performance.now();
    cpuAtStart = process.cpuUsage();
    const { inventory, deferredIndexes } = await importInventory({
      connectionId: "bench",
      vaultName: VAULT,
      jobId: null,
      format: "JSON",
      source: fs.createReadStream(file, { highWaterMark: 1 << 20 }),
      // As the app does: the job's InventorySizeInBytes.
      expectedBytes: fs.statSync(file).size,
      db: database.db,
      // Both paths measured whatever the load; the app picks the worker only when a core is free.
      parallel: mode === "import",
    });
    archives = inventory.archiveCount;
    const complete = result(importStart, archives);
    await deferredIndexes;
    const { ms, cpuMs, maxRssMb } = result(importStart, archives);
    await database.close();
    return { ...complete, indexed: { ms, cpuMs, maxRssMb } };
  } else {
    const { parseInventory } = await import("../lib/inventory");
    const { decodeDescription } = await import("../lib/glacier/descriptions");
    const parser = parseInventory(fs.createReadStream(file, { highWaterMark: 1 << 20 }), "JSON");
    for await (const batch of parser.batches()) {
      archives += batch.length;
      if (mode === "stream-decode") for (const entry of batch) decodeDescription(entry.description);
    }
  }
  return result(started, archives);
}

// CPU time next to wall time: on a shared machine the wall clock also measures the neighbours.
let cpuAtStart = process.cpuUsage();

function result(started: number, archives: number): ChildResult {
  const cpu = process.cpuUsage(cpuAtStart);
  return {
    ms: performance.now() - started,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    archives,
    loadAverage: os.loadavg()[0] ?? 0,
  };
}

function spawnMeasure(mode: Mode, file: string, dir: string): ChildResult {
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, "--conditions=react-server", __filename, "--child", mode, file, dir],
    { encoding: "utf8", maxBuffer: 1 << 20 },
  );
  const line = child.stdout.trim().split("\n").pop() ?? "";
  if (child.status !== 0 || !line.startsWith("{"))
    throw new Error(`bench child "${mode}" failed: ${child.stderr || child.stdout}`);
  return JSON.parse(line) as ChildResult;
}

const round = (n: number, digits = 0) => Number(n.toFixed(digits));

/** The run with the median "complete" time of `runs` runs, and every run's time with its load average. */
function medianRun(
  mode: Mode,
  file: string,
  dir: string,
  runs: number,
): { median: ChildResult; all: string } {
  const results: ChildResult[] = [];
  for (let i = 0; i < runs; i++) {
    // A fresh database per run: an import must not find the previous run's rows in its file.
    for (const f of fs.readdirSync(dir)) if (f.startsWith(`${mode}.sqlite`)) fs.rmSync(path.join(dir, f));
    results.push(spawnMeasure(mode, file, dir));
  }
  results.sort((a, b) => a.ms - b.ms);
  const median = results[Math.floor(results.length / 2)];
  if (!median) throw new Error("no runs");
  const all = results
    .map((r) => `${round(r.ms)}/${round(r.indexed?.ms ?? r.ms)} ms @ load ${round(r.loadAverage, 2)}`)
    .join("; ");
  return { median, all };
}

function importFigures(
  label: string,
  archives: number,
  runs: { median: ChildResult; all: string },
): Record<string, number | string> {
  const { median } = runs;
  const indexed = median.indexed ?? median;
  return {
    [`${label}: runs (complete/indexed ms @ 1-min load)`]: runs.all,
    [`${label}: import complete ms (median)`]: round(median.ms),
    [`${label}: import complete archives/s (goal >= 200000)`]: round(archives / (median.ms / 1000)),
    [`${label}: all indexes built ms (from start; built in the background)`]: round(indexed.ms),
    [`${label}: archives/s incl. all indexes`]: round(archives / (indexed.ms / 1000)),
    [`${label}: CPU ms complete / incl. indexes`]: `${round(median.cpuMs)} / ${round(indexed.cpuMs)}`,
    [`${label}: peak RSS MB complete / incl. indexes`]: `${round(median.maxRssMb)} / ${round(indexed.maxRssMb)}`,
  };
}

export async function benchInventory(
  archives = DEFAULT_ARCHIVES,
  runs = 3,
): Promise<Record<string, number | string>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "thaw-bench-inventory-"));
  try {
    const file = path.join(dir, "inventory.json");
    const writeStart = performance.now();
    const bytes = writeInventory(file, archives);
    const writeMs = performance.now() - writeStart;
    const jsonParse = spawnMeasure("json-parse", file, dir);
    const stream = spawnMeasure("stream", file, dir);
    const decode = spawnMeasure("stream-decode", file, dir);
    const imported = medianRun("import", file, dir, runs);
    const single = medianRun("import-single-thread", file, dir, runs);
    for (const r of [jsonParse, stream, decode, imported.median, single.median]) {
      if (r.archives !== archives)
        throw new Error(`expected ${archives} archives, a child counted ${r.archives}`);
    }
    return {
      archives,
      "inventory MB": round(bytes / 1e6, 1),
      "generate ms": round(writeMs),
      "load average (1 min) at start": round(os.loadavg()[0] ?? 0, 2),
      "JSON.parse ms": round(jsonParse.ms),
      "JSON.parse CPU ms": round(jsonParse.cpuMs),
      "JSON.parse peak RSS MB": round(jsonParse.maxRssMb),
      "stream parse ms": round(stream.ms),
      "stream parse CPU ms": round(stream.cpuMs),
      "stream parse peak RSS MB": round(stream.maxRssMb),
      "stream / JSON.parse time (goal <= 1.5)": round(stream.ms / jsonParse.ms, 2),
      "stream parse MB/s": round(bytes / 1e6 / (stream.ms / 1000)),
      "stream parse + decode ms": round(decode.ms),
      "decode ms (parse + decode - parse)": round(decode.ms - stream.ms),
      ...importFigures("load worker", archives, imported),
      ...importFigures("single thread (used when no core is free)", archives, single),
      "SQLite file MB (one import)": round(sqliteSize(dir, "import.sqlite") / 1e6, 1),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function sqliteSize(dir: string, name: string): number {
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(name))
    .reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);
}

function main(): void {
  const args = process.argv.slice(2);
  if (args[0] === "--child") {
    const [, mode, file, dir] = args as [string, Mode, string, string];
    runChild(mode, file, dir).then(
      (r) => console.log(JSON.stringify(r)),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
    return;
  }
  const archives = Number(args[0] ?? DEFAULT_ARCHIVES);
  benchInventory(archives, Number(args[1] ?? 3)).then(
    (figures) => console.table(figures),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

if (path.resolve(process.argv[1] ?? "") === __filename) main();
