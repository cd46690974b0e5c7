/**
 * Copy throughput of a chunked plan copy (issue #13), in a child process (server modules need the
 * react-server condition), against the embedded server in its own process:
 *   - the copy: one multi-GiB archive's output copied by the plan's tasks to the S3 endpoint, timed
 *     from the step's start to the item verified — a ranged GetJobOutput per part-sized chunk, its tree
 *     hash checked, each part sent with its SHA-256 (which the server verifies), the upload completed
 *     with the parts' checksums, the archive's tree hash composed from the chunks; nothing read back;
 *   - the bare relay of the same bytes: the same ranges read by GetJobOutput and sent by UploadPart
 *     to a multipart upload, no tree hash and no checksum (the SDK's own CRC is off too; its SigV4
 *     signature hashes the buffered part, as for any Buffer body over plain HTTP);
 *   - the read-back requests (GetObject, HeadObject) the copy's S3 client sent: 0.
 * Like with like: both move the same number of parts at once — the plan's copies at once (default 4,
 * THAW_PLAN_COPIES_AT_ONCE, which bounds one archive's chunk tasks), the relay as many UploadParts in
 * flight. Besides MiB/s (which follows the machine's load), the CPU seconds per GiB both processes
 * (this one and the server's) spent on each, which does not.
 * Copy and relay alternate (three runs each, the best one counts: the machine's load comes and goes;
 * every run is listed). The archive is uploaded in 64 MiB Glacier parts, so neither side holds it whole.
 * Run: npx tsx bench/copy.ts [GiB] [parts at once]. Temp files are removed afterwards.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { type Readable } from "node:stream";
import { freePort } from "../tests/free-port";
import { figuresOfChild } from "./server-child";

const COPY_GIB = 2;
/**
 * The drain a step is followed by may run this long: the copy runs through as the default in-process
 * workers run it. A shorter drain (Vercel's) stops its chunks mid-part at its end, to be sent again.
 */
const DRAIN_MS = 600_000;
/** Copy, relay, copy, relay…: runs of each. */
const ROUNDS = 3;
/** The plan's default copies at once (THAW_PLAN_COPIES_AT_ONCE). */
const AT_ONCE = 4;
const MIB = 1024 * 1024;
const GLACIER_PART = 64 * MIB;

type Figures = Record<string, number | string>;

/** The embedded server in its own process, as bench/tracking runs it: its CPU is not the copier's. */
async function startEmulatorProcess(
  dir: string,
  bucket: string,
): Promise<{ url: string; process: ChildProcess; exited: Promise<void> }> {
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
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.end();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (up) return { url, process: child, exited };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill();
  throw new Error("the embedded server did not start");
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/** CPU clock ticks (user + system, 100 a second on Linux) of `pid` and its descendants (tsx runs the server as its child). */
function treeTicks(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  const children = fs
    .readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
    .split(" ")
    .filter((c) => c.trim() !== "");
  // After "<pid> (<name>) ", utime and stime are the 12th and 13th fields.
  return Number(stat[11]) + Number(stat[12]) + children.reduce((sum, c) => sum + treeTicks(Number(c)), 0);
}

/** CPU seconds (user + system) this process and the server's have used so far. */
function cpuSeconds(serverPid: number | undefined): number {
  const own = process.cpuUsage();
  return (own.user + own.system) / 1e6 + (serverPid === undefined ? 0 : treeTicks(serverPid) / 100);
}

async function child(gib: number, atOnce: number): Promise<Figures> {
  const glacier = await import("@aws-sdk/client-glacier");
  const s3 = await import("@aws-sdk/client-s3");
  const { createDatabase } = await import("../lib/db");
  const { createPlan, getPlan, runPlanStep } = await import("../lib/plans");
  const { importKitInventory, sleep, stepPlan } = await import("../tests/support/plans-kit");
  const { emulatorTarget } = await import("../tests/support/emulator-target");
  const { DEMO_CREDENTIALS, payload, makeClient } = await import("../emulator/testing/harness");
  const { treeHash } = await import("../lib/glacier/tree-hash");
  const { composeTreeHash, chunkRanges } = await import("../lib/plans/chunks/layout");
  const { s3PartSizeFor } = await import("../lib/glacier/s3-part-size");
  const { planFormSchema } = await import("../lib/glacier/plan-form");
  const { s3ClientFor } = await import("../lib/aws/s3-client");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "thaw-bench-copy-"));
  const bucket = "bench-copy";
  const emulator = await startEmulatorProcess(dir, bucket);
  const database = await createDatabase({ sqlitePath: path.join(dir, "copy.sqlite") });
  const client = makeClient(emulator.url);
  try {
    const vaultName = "bench-copy";
    const size = gib * 1024 * MIB;
    await client.send(new glacier.CreateVaultCommand({ accountId: "-", vaultName }));
    const { uploadId } = await client.send(
      new glacier.InitiateMultipartUploadCommand({
        accountId: "-",
        vaultName,
        partSize: String(GLACIER_PART),
      }),
    );
    const roots: string[] = [];
    for (let start = 0; start < size; start += GLACIER_PART) {
      const body = payload(Math.min(GLACIER_PART, size - start), start / GLACIER_PART + 1);
      roots.push(treeHash(body));
      await client.send(
        new glacier.UploadMultipartPartCommand({
          accountId: "-",
          vaultName,
          uploadId,
          range: `bytes ${start}-${start + body.length - 1}/*`,
          body,
        }),
      );
    }
    const archiveTreeHash = composeTreeHash(roots);
    const { archiveId = "" } = await client.send(
      new glacier.CompleteMultipartUploadCommand({
        accountId: "-",
        vaultName,
        uploadId,
        archiveSize: String(size),
        checksum: archiveTreeHash,
      }),
    );
    const inventory = Buffer.from(
      JSON.stringify({
        VaultARN: `arn:aws:glacier:us-east-1:123456789012:vaults/${vaultName}`,
        InventoryDate: new Date(Date.now() + 60_000).toISOString(),
        ArchiveList: [
          {
            ArchiveId: archiveId,
            ArchiveDescription: "bench/copy.bin",
            CreationDate: new Date().toISOString(),
            Size: size,
            SHA256TreeHash: archiveTreeHash,
          },
        ],
      }),
    );
    const target = emulatorTarget(emulator.url);
    const kitLike = { target, vaultName } as Parameters<typeof importKitInventory>[0];
    const options = {
      db: database.db,
      resolveTarget: () => Promise.resolve(target),
      checkIntervalMs: { min: 0, max: 0 },
      copyConcurrency: atOnce,
      tickMs: 60_000,
    };
    const running = { signal: new AbortController().signal };
    // Read-back requests of the copy's own S3 client (the connection's cached one).
    const readBacks = { count: 0 };
    s3ClientFor(target).middlewareStack.add(
      (next, context) => (args) => {
        if (context.commandName === "GetObjectCommand" || context.commandName === "HeadObjectCommand")
          readBacks.count++;
        return next(args);
      },
      { step: "initialize", name: "benchReadBackCounter" },
    );

    /** One plan copying the archive; returns the copy's seconds, the job id it used and its object. */
    const copy = async (run: number): Promise<{ seconds: number; jobId: string; key: string }> => {
      const form = planFormSchema.parse({
        planKey: randomUUID(),
        name: `bench copy ${run}`,
        inventoryId: await importKitInventory(kitLike, database.db, inventory),
        selection: { kind: "all" },
        tier: "Expedited",
        capUsd: 1000,
        maxInFlight: 1,
        dailyByteBudgetGiB: null,
        orderBy: "smallest",
        prefix: null,
        destination: { kind: "s3", bucket, prefix: `copy-${run}/`, storageClass: "STANDARD" },
      });
      const plan = await createPlan({ target, form, createdBy: null }, options);
      const item = () =>
        database.db
          .selectFrom("plan_items")
          .select(["glacier_job_id", "job_completed_at", "object_key"])
          .where("plan_id", "=", plan.id)
          .executeTakeFirstOrThrow();
      for (let i = 0; i < 200 && (await item()).job_completed_at === null; i++) {
        // Tracking only: no copy starts until the output is ready and the clock runs.
        await runPlanStep({ planId: plan.id }, running, { ...options, copyConcurrency: 0 });
        await sleep(50);
      }
      // The server hashes a job's output into 1 MiB leaves on its first ranged read (to answer each
      // range's tree hash): Glacier's work, done before the copy by AWS, and already done for the
      // relay, which reads the same job. Done here, before the clock starts.
      const warm = await client.send(
        new glacier.GetJobOutputCommand({
          accountId: "-",
          vaultName,
          jobId: (await item()).glacier_job_id ?? "",
          range: `bytes=0-${MIB - 1}`,
        }),
      );
      for await (const _ of warm.body as Readable);
      const started = performance.now();
      for (let i = 0; i < 100; i++) {
        // A step starts the copy; its chunk tasks and the finish run to the end in the drain.
        await stepPlan(plan.id, options, DRAIN_MS);
        if ((await getPlan(plan.id, options))?.counts.verified === 1) break;
      }
      const seconds = (performance.now() - started) / 1000;
      const done = await getPlan(plan.id, options);
      if (done?.counts.verified !== 1)
        throw new Error(`the copy did not verify: ${JSON.stringify(done?.counts)}`);
      const row = await item();
      return { seconds, jobId: row.glacier_job_id ?? "", key: row.object_key };
    };

    // The relay: same ranges, same part size, no checks; its own client without the SDK's CRC.
    const relayClient = new s3.S3Client({
      region: "us-east-1",
      endpoint: emulator.url,
      forcePathStyle: true,
      credentials: DEMO_CREDENTIALS,
      requestChecksumCalculation: "WHEN_REQUIRED",
    });
    const part = s3PartSizeFor(size) ?? 0;
    const relay = async (jobId: string, run: number): Promise<number> => {
      const started = performance.now();
      const Key = `relay-${run}.bin`;
      const { UploadId } = await relayClient.send(
        new s3.CreateMultipartUploadCommand({ Bucket: bucket, Key }),
      );
      const parts: { PartNumber: number; ETag: string }[] = [];
      const ranges = chunkRanges(size, part);
      const relayPart = async (r: (typeof ranges)[number]) => {
        const out = await client.send(
          new glacier.GetJobOutputCommand({
            accountId: "-",
            vaultName,
            jobId,
            range: `bytes=${r.start}-${r.end}`,
          }),
        );
        const chunks: Buffer[] = [];
        for await (const c of out.body as Readable) chunks.push(c as Buffer);
        const up = await relayClient.send(
          new s3.UploadPartCommand({
            Bucket: bucket,
            Key,
            UploadId,
            PartNumber: r.partNumber,
            Body: Buffer.concat(chunks),
          }),
        );
        parts.push({ PartNumber: r.partNumber, ETag: up.ETag ?? "" });
      };
      // `atOnce` parts in flight, each taking the next range as it finishes.
      let next = 0;
      const lane = async () => {
        while (next < ranges.length) await relayPart(ranges[next++] as (typeof ranges)[number]);
      };
      await Promise.all(Array.from({ length: atOnce }, lane));
      parts.sort((a, b) => a.PartNumber - b.PartNumber);
      await relayClient.send(
        new s3.CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key,
          UploadId,
          MultipartUpload: { Parts: parts },
        }),
      );
      return (performance.now() - started) / 1000;
    };

    const copies: number[] = [];
    const relays: number[] = [];
    const cpu = { copy: 0, relay: 0 };
    const pid = emulator.process.pid;
    for (const run of Array.from({ length: ROUNDS }, (_, i) => i + 1)) {
      let before = cpuSeconds(pid);
      const copied = await copy(run);
      cpu.copy += cpuSeconds(pid) - before;
      copies.push(copied.seconds);
      before = cpuSeconds(pid);
      relays.push(await relay(copied.jobId, run));
      // Each run's objects go once it is measured: the disk holds one copy and one relay at a time.
      for (const Key of [copied.key, `relay-${run}.bin`])
        await relayClient.send(new s3.DeleteObjectCommand({ Bucket: bucket, Key }));
      cpu.relay += cpuSeconds(pid) - before;
    }
    const mib = size / MIB;
    const copyRate = mib / Math.min(...copies);
    const relayRate = mib / Math.min(...relays);
    relayClient.destroy();
    const perGib = (seconds: number) => round(seconds / ROUNDS / gib, 1);
    const rate = (seconds: number) => round(mib / seconds, 0);
    return {
      "every run, copy / relay (MiB/s)": copies
        .map((c, i) => `${rate(c)}/${rate(relays[i] ?? 0)}`)
        .join(", "),
      [`chunked copy to the S3 endpoint, ${gib} GiB in ${part / MIB} MiB parts, ${atOnce} at once (MiB/s)`]:
        round(copyRate, 0),
      [`bare relay GetJobOutput → UploadPart, same bytes, ${atOnce} parts at once (MiB/s)`]: round(
        relayRate,
        0,
      ),
      "copy / relay (ratio, goal >= 0.8)": round(copyRate / relayRate, 2),
      "CPU s per GiB, both processes: copy": perGib(cpu.copy),
      "CPU s per GiB, both processes: relay": perGib(cpu.relay),
      // What the copy / relay ratio comes to when the cores, not the network, are the limit.
      "relay / copy CPU per GiB (ratio)": round(cpu.relay / cpu.copy, 2),
      "read-back requests of the copies (GetObject + HeadObject, goal <= 0)": readBacks.count,
    };
  } finally {
    client.destroy();
    // The server may still be writing the last object (tsx passes the signal on and exits after it):
    // removing its directory before it has stopped left 8 GB of objects behind in /tmp.
    emulator.process.kill();
    await emulator.exited;
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function benchCopy(gib = COPY_GIB, atOnce = AT_ONCE): Promise<Figures> {
  return figuresOfChild(__filename, [String(gib), String(atOnce)]);
}

if (require.main === module) {
  const [flag, a, b] = process.argv.slice(2);
  if (flag === "--child") {
    child(Number(a) || COPY_GIB, Number(b) || AT_ONCE).then(
      (figures) => {
        process.stdout.write(`\n${JSON.stringify(figures)}\n`);
        process.exit(0);
      },
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  } else {
    benchCopy(Number(flag) || COPY_GIB, Number(a) || AT_ONCE).then(
      (figures) => console.log(figures),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  }
}
