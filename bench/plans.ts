/**
 * Migration plan benchmark (issue #7), in a child process (server modules need the react-server
 * condition):
 *   - planning 100 000 archives: createPlan on an imported 100 000-archive inventory in a fresh SQLite
 *     database (selection totals, validation, ordering, object keys, 100 000 item rows in batched
 *     multi-row INSERTs in one transaction), and the pure part alone (estimatePlan + order + keys);
 *   - copy throughput: one archive's output copied by the plan worker to the embedded server's S3
 *     endpoint, timed from the step's start to the item verified: GetJobOutput streamed through the
 *     tree hash into a multipart upload (8 MiB parts, 4 in flight, each signed with its SHA-256 and
 *     checked by the server), CompleteMultipartUpload (cheap: the server writes parts in place), then
 *     GetObject read back through the tree hasher. The ratio divides that by a direct GetJobOutput
 *     download of the same bytes read to the end (no hashing, no writing). Beside it: the same bytes
 *     uploaded from memory by the same writer (the upload's ceiling) and the read-back alone (its share).
 * Run: npx tsx bench/plans.ts [archives] [copy MiB]. Temp files are removed afterwards.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { freePort } from "../tests/free-port";

const ARCHIVES = 100_000;
const COPY_MIB = 256;
const MIB = 1024 * 1024;

type Figures = Record<string, number | string>;

async function planningFigures(dir: string, archives: number): Promise<Figures> {
  const { createDatabase } = await import("../lib/db");
  const { importInventory } = await import("../lib/inventory");
  const { inventoryJson, makeEntries } = await import("../tests/support/inventories");
  const { createPlan } = await import("../lib/plans");
  const { objectKeyFor, orderPlanArchives } = await import("../lib/plans");
  const { estimatePlan, planFormSchema } = await import("../lib/glacier/plan-form");
  const { decodeDescription } = await import("../lib/glacier/descriptions");
  const database = await createDatabase({ sqlitePath: path.join(dir, "plans.sqlite") });
  try {
    const vaultName = "bench-plans";
    const entries = makeEntries(archives, "bench");
    const text = inventoryJson(entries, {
      vaultArn: `arn:aws:glacier:us-east-1:123456789012:vaults/${vaultName}`,
      inventoryDate: "2030-01-01T00:00:00Z",
    });
    const connectionId = randomUUID();
    const { inventory } = await importInventory({
      connectionId,
      vaultName,
      jobId: "bench",
      format: "JSON",
      source: Readable.from([text]),
      db: database.db,
    });
    const target = {
      id: connectionId,
      version: "1",
      region: "us-east-1",
      endpoint: "http://127.0.0.1:9",
      accountId: "-",
      credentials: { mode: "default-chain" as const },
    };
    const exportRoot = path.join(dir, "exports");
    const form = planFormSchema.parse({
      planKey: randomUUID(),
      name: "bench",
      inventoryId: inventory.id,
      selection: { kind: "all" },
      tier: "Bulk",
      capUsd: 1_000_000,
      maxInFlight: 100,
      dailyByteBudgetGiB: null,
      orderBy: "smallest",
      prefix: null,
      destination: { kind: "directory", path: path.join(exportRoot, "bench") },
    });
    const started = performance.now();
    const plan = await createPlan(
      { target, form, createdBy: null },
      { db: database.db, exportRoots: [exportRoot] },
    );
    const createMs = performance.now() - started;
    if (plan.counts.pending !== archives)
      throw new Error(`plan holds ${plan.counts.pending} items, expected ${archives}`);

    const planArchives = entries.map((e) => ({
      archiveId: e.archiveId,
      description: e.description,
      decodedPath: decodeDescription(e.description).path ?? "",
      size: e.size,
      treeHash: e.treeHash,
      creationDate: e.creationDate,
    }));
    const pureStart = performance.now();
    const totals = {
      archives,
      bytes: planArchives.reduce((s, a) => s + a.size, 0),
      largest: Math.max(...planArchives.map((a) => a.size)),
    };
    estimatePlan(totals, { capUsd: 1000, maxInFlight: 100, dailyByteBudget: null });
    const taken = new Set<string>();
    for (const a of orderPlanArchives(planArchives, "smallest", null)) objectKeyFor(a, "", taken);
    const pureMs = performance.now() - pureStart;
    return {
      [`createPlan, ${archives} archives (s)`]: round(createMs / 1000, 2),
      [`estimate + order + keys, ${archives} archives (ms)`]: round(pureMs, 0),
    };
  } finally {
    await database.close();
  }
}

/** The embedded server in its own process, as bench/tracking runs it: its CPU is not the copier's. */
async function startEmulatorProcess(
  dir: string,
  bucket: string,
): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  const root = path.resolve(__dirname, "..");
  const child = spawn(
    path.join(root, "node_modules", ".bin", "tsx"),
    [
      "emulator/main.ts",
      "--port",
      String(port),
      "--data",
      path.join(dir, "emulator"),
      "--time-scale",
      "1000000",
      "--min-retention",
      "3600",
      "--s3-bucket",
      bucket,
    ],
    { cwd: root, stdio: "ignore" },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.end();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (up) return { url, process: child };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill();
  throw new Error("the embedded server did not start");
}

async function copyFigures(dir: string, mib: number): Promise<Figures> {
  const { CreateVaultCommand, GetJobOutputCommand, UploadArchiveCommand } =
    await import("@aws-sdk/client-glacier");
  const { createDatabase } = await import("../lib/db");
  const { createPlan } = await import("../lib/plans");
  const { runPlanTick } = await import("../lib/plans");
  const { getPlan } = await import("../lib/plans");
  const { importKitInventory, sleep } = await import("../tests/support/plans-kit");
  const { emulatorTarget } = await import("../tests/support/emulator-target");
  const { payload, makeClient } = await import("../emulator/testing/harness");
  const { TreeHasher } = await import("../lib/glacier/tree-hash");
  const { planFormSchema } = await import("../lib/glacier/plan-form");
  const bucket = "bench-copy";
  const emulator = await startEmulatorProcess(dir, bucket);
  const database = await createDatabase({ sqlitePath: path.join(dir, "copy.sqlite") });
  const client = makeClient(emulator.url);
  try {
    const vaultName = "bench-copy";
    await client.send(new CreateVaultCommand({ accountId: "-", vaultName }));
    const bytes = payload(mib * MIB, 3);
    const upload = await client.send(
      new UploadArchiveCommand({
        accountId: "-",
        vaultName,
        body: bytes,
        archiveDescription: "bench/copy.bin",
      }),
    );
    const archiveId = upload.archiveId ?? "";
    const inventory = Buffer.from(
      JSON.stringify({
        VaultARN: `arn:aws:glacier:us-east-1:123456789012:vaults/${vaultName}`,
        InventoryDate: new Date(Date.now() + 60_000).toISOString(),
        ArchiveList: [
          {
            ArchiveId: archiveId,
            ArchiveDescription: "bench/copy.bin",
            CreationDate: new Date().toISOString(),
            Size: bytes.length,
            SHA256TreeHash: new TreeHasher().update(bytes).digestHex(),
          },
        ],
      }),
    );
    const target = emulatorTarget(emulator.url);
    const kitLike = { target, vaultName } as Parameters<typeof importKitInventory>[0];
    const form = planFormSchema.parse({
      planKey: randomUUID(),
      name: "bench copy",
      inventoryId: await importKitInventory(kitLike, database.db, inventory),
      selection: { kind: "all" },
      tier: "Expedited",
      capUsd: 100,
      maxInFlight: 1,
      dailyByteBudgetGiB: null,
      orderBy: "smallest",
      prefix: null,
      destination: { kind: "s3", bucket, prefix: "bench/", storageClass: "STANDARD" },
    });
    const options = {
      db: database.db,
      resolveTarget: () => Promise.resolve(target),
      checkIntervalMs: { min: 0, max: 0 },
    };
    const plan = await createPlan({ target, form, createdBy: null }, options);
    await runPlanTick(plan.id, "bench", options);
    await sleep(100);
    const copyStart = performance.now();
    await runPlanTick(plan.id, "bench", options);
    const copyMs = performance.now() - copyStart;
    const done = await getPlan(plan.id, options);
    if (done?.counts.verified !== 1)
      throw new Error(`the copy did not verify: ${JSON.stringify(done?.counts)}`);

    const item = await database.db
      .selectFrom("plan_items")
      .select("glacier_job_id")
      .where("plan_id", "=", plan.id)
      .executeTakeFirstOrThrow();
    const directStart = performance.now();
    const out = await client.send(
      new GetJobOutputCommand({ accountId: "-", vaultName, jobId: item.glacier_job_id ?? "" }),
    );
    let read = 0;
    for await (const chunk of out.body as Readable) read += (chunk as Buffer).length;
    const directMs = performance.now() - directStart;
    if (read !== bytes.length) throw new Error(`direct download read ${read} bytes`);
    // The ceiling of the copy: the same bytes uploaded by the same writer straight from memory.
    const { S3Destination } = await import("../lib/plans/destinations/s3");
    const { s3ClientFor } = await import("../lib/aws/s3-client");
    const writer = new S3Destination(s3ClientFor(target), { bucket, prefix: "", storageClass: "STANDARD" });
    const uploadStart = performance.now();
    await writer.write("bench/from-memory.bin", Readable.from([bytes]), bytes.length, {});
    const uploadMs = performance.now() - uploadStart;
    // The copy's last step alone: reading the stored object back through the tree hasher.
    const readBackStart = performance.now();
    const readBack = await writer.verify(
      "bench/from-memory.bin",
      bytes.length,
      new TreeHasher().update(bytes).digestHex(),
    );
    const readBackMs = performance.now() - readBackStart;
    if (!readBack.ok) throw new Error(`read-back failed: ${readBack.problem}`);
    const copyRate = mib / (copyMs / 1000);
    const directRate = mib / (directMs / 1000);
    return {
      [`copy to S3 endpoint incl. read-back, ${mib} MiB (MiB/s)`]: round(copyRate, 0),
      [`direct GetJobOutput, ${mib} MiB (MiB/s)`]: round(directRate, 0),
      "copy / direct (ratio)": round(copyRate / directRate, 2),
      [`multipart upload alone from memory, ${mib} MiB (MiB/s)`]: round(mib / (uploadMs / 1000), 0),
      [`read-back alone (GetObject + tree hash), ${mib} MiB (MiB/s)`]: round(mib / (readBackMs / 1000), 0),
      "read-back share of the copy's time (ratio)": round(readBackMs / copyMs, 2),
    };
  } finally {
    client.destroy();
    emulator.process.kill();
    await database.close();
  }
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

async function child(archives: number, mib: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "thaw-bench-plans-"));
  try {
    const figures = { ...(await planningFigures(dir, archives)), ...(await copyFigures(dir, mib)) };
    process.stdout.write(`\n${JSON.stringify(figures)}\n`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function benchPlans(archives = ARCHIVES, mib = COPY_MIB): Promise<Figures> {
  const run = spawnSync(
    process.execPath,
    [...process.execArgv, "--conditions=react-server", __filename, "--child", String(archives), String(mib)],
    { encoding: "utf8", env: { ...process.env, THAW_LOG_LEVEL: "silent" }, maxBuffer: 16 * MIB },
  );
  const line = run.stdout.trim().split("\n").pop() ?? "";
  if (run.status !== 0 || !line.startsWith("{"))
    return Promise.reject(new Error(`bench child failed: ${run.stderr || run.stdout}`));
  return Promise.resolve(JSON.parse(line) as Figures);
}

if (require.main === module) {
  const [flag, a, m] = process.argv.slice(2);
  if (flag === "--child") {
    child(Number(a), Number(m)).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  } else {
    benchPlans(Number(flag ?? ARCHIVES) || ARCHIVES, Number(a ?? COPY_MIB) || COPY_MIB).then(
      (figures) => console.log(figures),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  }
}
