/**
 * Test helpers for lib/plans (imported by *.test.ts only): an embedded Glacier server with a vault of
 * archives, its real inventory (an inventory-retrieval job's output), a bucket, an export root, and
 * a loop that drives a plan step by step.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import {
  CreateVaultCommand,
  DescribeJobCommand,
  GetJobOutputCommand,
  InitiateJobCommand,
  UploadArchiveCommand,
} from "@aws-sdk/client-glacier";
import { CreateBucketCommand, GetObjectCommand } from "@aws-sdk/client-s3";
import { type Kysely } from "kysely";
import { listVaultJobs } from "@/lib/aws/jobs";
import { s3ClientFor } from "@/lib/aws/s3-client";
import { emulatorTarget } from "./emulator-target";
import { type AccountTarget } from "@/lib/aws/vaults";
import { type Database } from "@/lib/db";
import { fastGlacierDescription } from "@/lib/glacier/descriptions/encoders";
import { type PlanForm, type PlanFormInput, planFormSchema } from "@/lib/glacier/plan-form";
import { TreeHasher } from "@/lib/glacier/tree-hash";
import { importInventory } from "@/lib/inventory";
import { type EmulatorOptions } from "@/emulator/options";
import { payload, startTestEmulator, type TestEmulator } from "@/emulator/testing/harness";
import {
  createPlan,
  getPlan,
  isPlanJobDescription,
  type PlanSummary,
  type PlanTaskOptions,
  registerPlanTasks,
  runPlanStep,
} from "@/lib/plans";
import { drainTasks } from "@/lib/tasks";

const MIB = 1024 * 1024;

export type KitArchive = { archiveId: string; description: string; size: number; bytes: Buffer };

export type Kit = {
  emulator: TestEmulator;
  target: AccountTarget;
  vaultName: string;
  archives: KitArchive[];
  inventory: Buffer;
  bucket: string;
  exportRoot: string;
  stop(): Promise<void>;
};

const fastGlacier = (p: string) => fastGlacierDescription(p, "2024-01-01T00:00:00Z");

/** Path-like, duplicate, Unicode, unsafe and empty descriptions; one archive spans two 8 MiB parts. */
function descriptionOf(i: number): string {
  if (i === 0) return fastGlacier("photos/été/ça.jpg");
  if (i === 1 || i === 2) return fastGlacier("dup/same.txt");
  if (i === 3) return "/../../etc/escape.txt";
  if (i % 5 === 4) return "";
  return fastGlacier(`photos/img-${i}.jpg`);
}

const sizeOf = (i: number) => (i === 5 ? 9 * MIB + 123 : 1 + ((i * 7919 * 37) % (MIB + MIB / 2)));

async function waitForInventory(kit: Pick<Kit, "emulator" | "vaultName">): Promise<Buffer> {
  const { client } = kit.emulator;
  const { jobId } = await client.send(
    new InitiateJobCommand({
      accountId: "-",
      vaultName: kit.vaultName,
      jobParameters: { Type: "inventory-retrieval", Format: "JSON" },
    }),
  );
  for (let i = 0; i < 400; i++) {
    const job = await client.send(
      new DescribeJobCommand({ accountId: "-", vaultName: kit.vaultName, jobId }),
    );
    if (job.Completed) {
      const out = await client.send(
        new GetJobOutputCommand({ accountId: "-", vaultName: kit.vaultName, jobId }),
      );
      return Buffer.from(
        await (out.body as unknown as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
      );
    }
    await sleep(25);
  }
  throw new Error("the inventory job did not complete");
}

export function syntheticInventory(vaultName: string, archives: KitArchive[]): Buffer {
  const created = new Date(Date.now() - 60_000).toISOString();
  return Buffer.from(
    JSON.stringify({
      VaultARN: `arn:aws:glacier:us-east-1:123456789012:vaults/${vaultName}`,
      InventoryDate: new Date().toISOString(),
      ArchiveList: archives.map((a) => ({
        ArchiveId: a.archiveId,
        ArchiveDescription: a.description,
        CreationDate: created,
        Size: a.size,
        SHA256TreeHash: new TreeHasher().update(a.bytes).digestHex(),
      })),
    }),
  );
}

export async function startKit(count: number, emulatorOptions: Partial<EmulatorOptions> = {}): Promise<Kit> {
  const emulator = await startTestEmulator({
    timeScale: 20_000,
    minRetentionSeconds: 600,
    ...emulatorOptions,
  });
  const target = emulatorTarget(emulator.emulator.url);
  const vaultName = `plans-${randomUUID().slice(0, 8)}`;
  await emulator.client.send(new CreateVaultCommand({ accountId: "-", vaultName }));
  const archives: KitArchive[] = [];
  for (let i = 0; i < count; i++) {
    const bytes = payload(sizeOf(i), i + 1);
    const description = descriptionOf(i);
    const out = await emulator.client.send(
      new UploadArchiveCommand({ accountId: "-", vaultName, body: bytes, archiveDescription: description }),
    );
    archives.push({ archiveId: out.archiveId ?? "", description, size: bytes.length, bytes });
  }
  const bucket = `plans-${randomUUID().slice(0, 8)}`;
  await s3ClientFor(target).send(new CreateBucketCommand({ Bucket: bucket }));
  const exportRoot = fs.mkdtempSync(path.join(os.tmpdir(), "thaw-plans-export-"));
  // At a slow time scale an inventory job takes too long for a test: the same JSON is written directly.
  const inventory =
    (emulatorOptions.timeScale ?? 20_000) >= 20_000
      ? await waitForInventory({ emulator, vaultName })
      : syntheticInventory(vaultName, archives);
  return {
    emulator,
    target,
    vaultName,
    archives,
    inventory,
    bucket,
    exportRoot,
    async stop() {
      fs.rmSync(exportRoot, { recursive: true, force: true });
      await emulator.stop();
    },
  };
}

/** The kit's inventory imported into `db` for the kit's connection; returns the inventory id. */
export async function importKitInventory(
  kit: Kit,
  db: Kysely<Database>,
  inventory: Buffer = kit.inventory,
): Promise<string> {
  const { inventory: imported } = await importInventory({
    connectionId: kit.target.id,
    vaultName: kit.vaultName,
    jobId: randomUUID(),
    format: "JSON",
    source: Readable.from([inventory]),
    db,
  });
  return imported.id;
}

export function planForm(kit: Kit, inventoryId: string, overrides: Partial<PlanFormInput> = {}): PlanForm {
  return planFormSchema.parse({
    planKey: randomUUID(),
    name: "test plan",
    inventoryId,
    selection: { kind: "all" },
    tier: "Expedited",
    capUsd: 100,
    maxInFlight: 5,
    dailyByteBudgetGiB: null,
    orderBy: "smallest",
    prefix: null,
    destination: {
      kind: "s3",
      bucket: kit.bucket,
      prefix: `run-${randomUUID().slice(0, 6)}/`,
      storageClass: "STANDARD",
    },
    ...overrides,
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Fast test timings: immediate checks, short backoff, a failed chunk retried after a second. The next step a
 * step enqueues waits a minute: a test runs its steps itself (stepPlan), so it counts them.
 */
export function tickOptions(kit: Kit, db: Kysely<Database>, extra: PlanTaskOptions = {}): PlanTaskOptions {
  return {
    db,
    resolveTarget: () => Promise.resolve(kit.target),
    exportRoots: [kit.exportRoot],
    checkIntervalMs: { min: 0, max: 0 },
    backoffMs: { min: 50, max: 400 },
    tickMs: 60_000,
    chunkRetryDelaySeconds: 1,
    ...extra,
  };
}

const running = { signal: new AbortController().signal };

/**
 * One plan-initiate step (as its task runs it), then the tasks it left due (the copy-chunk and
 * copy-finish tasks of the copies it started), run through lib/tasks' drain of the test's database for
 * at most `budgetMs` (a run still going then is stopped and runs again later), with this test's
 * options registered for them.
 */
export async function stepPlan(planId: string, options: PlanTaskOptions, budgetMs = 10_000): Promise<void> {
  registerPlanTasks(options);
  await runPlanStep({ planId }, running, options);
  await drainTasks({ budgetMs, ...(options.db ? { db: options.db } : {}) });
}

/** A plan over the kit's imported inventory (`overrides` narrow it), created with the kit's tick options. */
export async function createKitPlan(
  kit: Kit,
  db: Kysely<Database>,
  overrides: Partial<PlanFormInput> = {},
): Promise<{ plan: PlanSummary; form: PlanForm; options: PlanTaskOptions }> {
  const options = tickOptions(kit, db);
  const form = planForm(kit, await importKitInventory(kit, db), overrides);
  const plan = await createPlan({ target: kit.target, form, createdBy: null }, options);
  return { plan, form, options };
}

/** Steps the plan until `done(summary)` (default: completed or capped), calling `each` after every step. */
export async function runUntil(
  planId: string,
  options: PlanTaskOptions,
  done: (plan: PlanSummary) => boolean = (p) => p.status === "completed" || p.status === "capped",
  each: (plan: PlanSummary) => void | Promise<void> = () => undefined,
  limitMs = 25_000,
): Promise<PlanSummary> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    await stepPlan(planId, options);
    const plan = await getPlan(planId, options);
    if (!plan) throw new Error("plan vanished");
    await each(plan);
    if (done(plan)) return plan;
    if (Date.now() > deadline)
      throw new Error(
        `plan did not finish: ${JSON.stringify(plan.counts)} ${plan.status} ${plan.lastError ?? ""}`,
      );
    await sleep(15);
  }
}

/** ArchiveRetrieval jobs per archive id as Glacier lists them (of one plan's, when given). */
export async function retrievalsPerArchive(kit: Kit, planId?: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const job of await listVaultJobs(kit.target, kit.vaultName)) {
    if (job.Action !== "ArchiveRetrieval" || !job.ArchiveId) continue;
    if (planId !== undefined && !isPlanJobDescription(planId, job.JobDescription)) continue;
    counts.set(job.ArchiveId, (counts.get(job.ArchiveId) ?? 0) + 1);
  }
  return counts;
}

export async function s3Object(
  kit: Kit,
  key: string,
): Promise<{ bytes: number; treeHash: string; storageClass: string | undefined }> {
  const out = await s3ClientFor(kit.target).send(new GetObjectCommand({ Bucket: kit.bucket, Key: key }));
  const hasher = new TreeHasher();
  for await (const chunk of out.Body as Readable) hasher.update(chunk as Uint8Array);
  return { bytes: hasher.bytes, treeHash: hasher.digestHex(), storageClass: out.StorageClass };
}

export function fileTreeHash(file: string): string {
  return new TreeHasher().update(fs.readFileSync(file)).digestHex();
}
