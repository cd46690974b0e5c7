import { randomUUID } from "node:crypto";
import { openSync, readSync, writeSync, closeSync } from "node:fs";
import path from "node:path";
import {
  CreateVaultCommand,
  InitiateJobCommand,
  type JobParameters,
  UploadArchiveCommand,
} from "@aws-sdk/client-glacier";
import { afterAll, beforeAll, expect, it } from "vitest";
import { emulatorTarget } from "@/tests/support/emulator-target";
import { type AccountTarget } from "@/lib/aws/vaults";
import { type DbOptions } from "@/lib/db";
import { describeEachDialect } from "@/tests/support/db";
import { MIB } from "@/lib/glacier/byte-range";
import { DEFAULT_PRICING, estimateJobCost } from "@/lib/glacier/pricing";
import { listInventories } from "@/lib/inventory";
import { payload, startTestEmulator, type TestEmulator } from "@/emulator/testing/harness";
import { waitForJob } from "@/emulator/testing/jobs";
import { importThroughQueue } from "./import-through-queue";
import { getJobRow, listJobRows } from "./job-rows";
import {
  openOutputStream,
  outputFileName,
  type OutputSource,
  OutputUnavailableError,
  resolveOutput,
} from "./output";
import { summarise } from "./overview";
import { startVerification } from "./output-tasks";
import { applyJobNotification, InvalidNotificationError } from "./poll";
import { syncJobs } from "./sync";
import { runVaultSync } from "./vault-sync";
import { getTask, taskKey } from "./tasks";

// 4 h Standard jobs take 720 ms, Expedited 9 ms; outputs stay downloadable 10 minutes.
const TIME_SCALE = 20_000;

let emulator: TestEmulator;
const ARCHIVE_SIZE = 2 * MIB + 512 * 1024;
const fastGlacierName = `<m><v>4</v><p>${Buffer.from("photos/été.jpg").toString("base64")}</p><lm>20240101T000000Z</lm></m>`;

beforeAll(async () => {
  emulator = await startTestEmulator({ timeScale: TIME_SCALE, minRetentionSeconds: 600 });
});
afterAll(async () => {
  await emulator.stop();
});

async function vaultWithArchive(
  t: TestEmulator,
  bytes: Buffer,
  description = fastGlacierName,
): Promise<{ vaultName: string; archiveId: string }> {
  const vaultName = `track-${randomUUID().slice(0, 8)}`;
  await t.client.send(new CreateVaultCommand({ accountId: "-", vaultName }));
  const out = await t.client.send(
    new UploadArchiveCommand({ accountId: "-", vaultName, body: bytes, archiveDescription: description }),
  );
  return { vaultName, archiveId: out.archiveId ?? "" };
}

async function initiate(t: TestEmulator, vaultName: string, jobParameters: JobParameters): Promise<string> {
  const out = await t.client.send(new InitiateJobCommand({ accountId: "-", vaultName, jobParameters }));
  return out.jobId ?? "";
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts an Expedited job (9 ms here), lets it finish, records it in `db` and resolves its output. */
async function finishedOutput(
  target: AccountTarget,
  db: NonNullable<DbOptions["db"]>,
  vaultName: string,
  jobParameters: JobParameters,
): Promise<{ jobId: string; source: OutputSource }> {
  const jobId = await initiate(emulator, vaultName, { ...jobParameters, Tier: "Expedited" });
  await sleep(50);
  await syncJobs(target, { db });
  return { jobId, source: await resolveOutput(target, jobId, { db }) };
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) parts.push(chunk);
  return Buffer.concat(parts);
}

async function settledTask(key: string) {
  for (let i = 0; i < 200; i++) {
    const task = getTask(key);
    if (task && task.state !== "running") return task;
    await sleep(25);
  }
  throw new Error(`task ${key} did not finish`);
}

describeEachDialect("job tracking against the emulator", (dialect) => {
  it("imports a job started outside Thaw and follows it to completion in the vault sync", async () => {
    const { db } = await dialect.open();
    const target = emulatorTarget(emulator.emulator.url);
    const { vaultName, archiveId } = await vaultWithArchive(emulator, payload(ARCHIVE_SIZE));
    const jobId = await initiate(emulator, vaultName, {
      Type: "archive-retrieval",
      ArchiveId: archiveId,
      Tier: "Standard",
      Description: "from the CLI",
    });

    const sync = await syncJobs(target, { db, concurrency: 2 });
    expect(sync.imported).toContain(jobId);
    const imported = (await listJobRows(target.id, { db })).find((r) => r.jobId === jobId);
    expect(imported).toMatchObject({
      vault: vaultName,
      type: "archive-retrieval",
      imported: true,
      status: "InProgress",
      description: "from the CLI",
    });

    await waitForJob(emulator.client, vaultName, jobId);
    const tracked = await runVaultSync(target.id, {
      db,
      loadTarget: () => Promise.resolve(target),
      schedule: () => Promise.resolve(),
    });
    expect(tracked.report?.message).toBeNull();
    const done = (await listJobRows(target.id, { db })).find((r) => r.jobId === jobId);
    expect(done?.status).toBe("Succeeded");
    expect(done?.size).toBe(ARCHIVE_SIZE);
    expect(Date.parse(done?.expiresAt ?? "") - Date.parse(done?.completed ?? "")).toBe(24 * 60 * 60 * 1000);

    // A second sync changes nothing and keeps the history.
    const again = await syncJobs(target, { db, filter: { statuscode: "Succeeded" } });
    expect(again.imported).not.toContain(jobId);
    expect(again.gone).toEqual([]);
  });

  it("verifies a download resumed in two ranges, and names the file from the decoded description", async () => {
    const { db } = await dialect.open();
    const target = emulatorTarget(emulator.emulator.url);
    const bytes = payload(ARCHIVE_SIZE, 7);
    const { vaultName, archiveId } = await vaultWithArchive(emulator, bytes);
    const { jobId, source } = await finishedOutput(target, db, vaultName, {
      Type: "archive-retrieval",
      ArchiveId: archiveId,
    });
    expect(source.size).toBe(ARCHIVE_SIZE);
    const cut = MIB + 300_000;
    const tail = await openOutputStream(source, {
      range: { start: cut, end: ARCHIVE_SIZE - 1 },
      mode: "download",
    });
    expect((await readAll(tail.stream)).equals(bytes.subarray(cut))).toBe(true);
    expect(await tail.done).toMatchObject({ state: "incomplete", missingBytes: MIB });

    const head = await openOutputStream(source, { range: { start: 0, end: cut - 1 }, mode: "download" });
    expect((await readAll(head.stream)).equals(bytes.subarray(0, cut))).toBe(true);
    expect(await head.done).toMatchObject({ state: "verified" });

    const row = await getJobRow(target.id, jobId, { db });
    expect(row?.output_verified).toBe("verified");
    expect(row?.output_downloaded_at).not.toBeNull();
    expect(row?.archive_description).toBe(fastGlacierName);
  });

  it("counts a ranged retrieval as its range in the list, the cost and the overview, and names its file after the range", async () => {
    const { db } = await dialect.open();
    const target = emulatorTarget(emulator.emulator.url);
    const size = 5 * MIB + 512 * 1024;
    const name = `<m><v>4</v><p>${Buffer.from("videos/birthday-2020.mp4").toString("base64")}</p><lm>20240101T000000Z</lm></m>`;
    const { vaultName, archiveId } = await vaultWithArchive(emulator, payload(size, 3), name);
    const ranged = await finishedOutput(target, db, vaultName, {
      Type: "archive-retrieval",
      ArchiveId: archiveId,
      RetrievalByteRange: `${MIB}-${2 * MIB - 1}`,
    });
    // A whole-archive job: DescribeJob reports the range 0-(size-1), which is no range at all.
    const whole = await finishedOutput(target, db, vaultName, {
      Type: "archive-retrieval",
      ArchiveId: archiveId,
    });

    expect(ranged.source.size).toBe(MIB);
    // Before the first download the name comes from its GetJobOutput header, as the route passes it.
    expect(outputFileName(ranged.source, name)).toBe("birthday-2020.mp4.bytes-1048576-2097151");
    expect(outputFileName(whole.source, name)).toBe("birthday-2020.mp4");

    const rows = await listJobRows(target.id, { db, pricing: DEFAULT_PRICING });
    const rangedRow = rows.find((r) => r.jobId === ranged.jobId);
    const wholeRow = rows.find((r) => r.jobId === whole.jobId);
    expect(rangedRow?.size).toBe(MIB);
    expect(wholeRow?.size).toBe(size);
    const rangeCost = estimateJobCost({
      jobType: "archive-retrieval",
      tier: "Expedited",
      retrievedBytes: MIB,
    });
    expect(rangedRow?.costUsd).toBe(rangeCost.totalUsd);
    expect(wholeRow?.costUsd).not.toBe(rangeCost.totalUsd);

    const overview = summarise(
      [rangedRow, wholeRow].flatMap((r) => (r ? [{ ...r, connection: "c" }] : [])),
      Date.parse(rangedRow?.created ?? ""),
    );
    expect(overview.totals.bytes).toBe(MIB + size);
  });

  it("reports a tree-hash mismatch when the stored archive has a corrupted byte", async () => {
    const { db } = await dialect.open();
    const target = emulatorTarget(emulator.emulator.url);
    const { vaultName, archiveId } = await vaultWithArchive(emulator, payload(ARCHIVE_SIZE, 3));
    const file = path.join(emulator.dataDir, "archives", archiveId.slice(0, 2), archiveId);
    const fd = openSync(file, "r+");
    const one = Buffer.alloc(1);
    readSync(fd, one, 0, 1, 1_500_000);
    writeSync(fd, Buffer.from([one[0] === 0 ? 1 : 0]), 0, 1, 1_500_000);
    closeSync(fd);
    const { jobId, source } = await finishedOutput(target, db, vaultName, {
      Type: "archive-retrieval",
      ArchiveId: archiveId,
    });
    startVerification(source);
    const task = await settledTask(taskKey(source.jobRecordId, "verify"));
    expect(task).toMatchObject({ state: "done", result: "mismatch", bytes: ARCHIVE_SIZE });
    expect(task.message).toMatch(/Tree-hash mismatch/);
    expect((await getJobRow(target.id, jobId, { db }))?.output_verified).toBe("mismatch");
  });

  it("finishes a job at once from an SNS completion message and refuses malformed ones", async () => {
    const { db } = await dialect.open();
    const target = emulatorTarget(emulator.emulator.url);
    const { vaultName, archiveId } = await vaultWithArchive(emulator, payload(1000));
    const jobId = await initiate(emulator, vaultName, {
      Type: "archive-retrieval",
      ArchiveId: archiveId,
      Tier: "Bulk",
    });
    await syncJobs(target, { db });
    expect((await getJobRow(target.id, jobId, { db }))?.status_code).toBe("InProgress");

    const message = JSON.stringify({
      Action: "ArchiveRetrieval",
      ArchiveId: archiveId,
      ArchiveSizeInBytes: 1000,
      Completed: true,
      CompletionDate: "2026-01-02T00:00:00.000Z",
      CreationDate: "2026-01-01T23:00:00.000Z",
      JobId: jobId,
      SHA256TreeHash: null,
      StatusCode: "Succeeded",
      StatusMessage: "Succeeded",
      Tier: "Bulk",
      VaultARN: `arn:aws:glacier:us-east-1:123456789012:vaults/${vaultName}`,
      RetrievalByteRange: "0-999",
    });
    const applied = await applyJobNotification(target.id, message, { db });
    expect(applied).toEqual({ glacierJobId: jobId, statusCode: "Succeeded", imported: false });
    const row = await getJobRow(target.id, jobId, { db });
    expect(row).toMatchObject({
      status_code: "Succeeded",
      completion_date: "2026-01-02T00:00:00.000Z",
      expires_at: "2026-01-03T00:00:00.000Z",
    });

    await expect(applyJobNotification(target.id, "{not json", { db })).rejects.toBeInstanceOf(
      InvalidNotificationError,
    );
    await expect(applyJobNotification(target.id, { JobId: "x", Action: "Nope" }, { db })).rejects.toThrow(
      /Not a Glacier job description/,
    );
  });

  it("imports an inventory job's output into the catalog with progress", async () => {
    const { db } = await dialect.open();
    const target = emulatorTarget(emulator.emulator.url);
    const { vaultName } = await vaultWithArchive(emulator, payload(5000));
    const { jobId, source } = await finishedOutput(target, db, vaultName, {
      Type: "inventory-retrieval",
      Format: "CSV",
    });
    expect(source.inventoryFormat).toBe("CSV");
    const task = await importThroughQueue(source);
    expect(task.message).toMatch(/Imported 1 archives/);
    expect(task).toMatchObject({ state: "done", items: 1, bytes: source.size });
    const inventories = await listInventories(target.id, vaultName, { db });
    expect(inventories).toHaveLength(1);
    expect(inventories[0]).toMatchObject({ id: task.result, jobId, archiveCount: 1 });
  });

  it("answers clearly for a job id that does not exist", async () => {
    const { db } = await dialect.open();
    const target = emulatorTarget(emulator.emulator.url);
    await expect(resolveOutput(target, "no-such-job", { db })).rejects.toMatchObject({ status: 404 });
    await expect(resolveOutput(target, "no-such-job", { db })).rejects.toBeInstanceOf(OutputUnavailableError);
  });
});

describeEachDialect("expired outputs", (dialect) => {
  let short: TestEmulator;
  beforeAll(async () => {
    short = await startTestEmulator({ timeScale: 10_000_000, minRetentionSeconds: 0.3 });
  });
  afterAll(async () => {
    await short.stop();
  });

  it("marks a finished job Glacier stopped listing as gone and refuses its output with 410", async () => {
    const { db } = await dialect.open();
    const target = emulatorTarget(short.emulator.url);
    const { vaultName, archiveId } = await vaultWithArchive(short, payload(1000));
    const jobId = await initiate(short, vaultName, {
      Type: "archive-retrieval",
      ArchiveId: archiveId,
      Tier: "Expedited",
    });
    await sleep(20);
    await syncJobs(target, { db });
    expect((await getJobRow(target.id, jobId, { db }))?.status_code).toBe("Succeeded");
    await sleep(600);
    const sync = await syncJobs(target, { db });
    expect(sync.gone).toContain(jobId);
    const row = (await listJobRows(target.id, { db })).find((r) => r.jobId === jobId);
    expect(row).toMatchObject({ gone: true, status: "Succeeded" });
    await expect(resolveOutput(target, jobId, { db })).rejects.toMatchObject({ status: 410 });
  });
});
