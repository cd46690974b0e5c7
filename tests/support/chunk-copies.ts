/**
 * What the chunked-copy tests (lib/plans/copy*.test.ts) share: archives of given sizes in a kit's vault,
 * a plan over exactly them, their chunk rows, and steps awaited with the copies they start.
 */
import { UploadArchiveCommand } from "@aws-sdk/client-glacier";
import { type Kysely } from "kysely";
import { type Database } from "@/lib/db";
import { type PlanFormInput } from "@/lib/glacier/plan-form";
import { S3_LIMITS } from "@/lib/glacier/s3-part-size";
import { payload } from "@/emulator/testing/harness";
import { type EmulatorOptions } from "@/emulator/options";
import { createPlan, type PlanTaskOptions, runCopyChunk, runPlanStep } from "@/lib/plans";
import {
  importKitInventory,
  type Kit,
  type KitArchive,
  planForm,
  stepPlan,
  syntheticInventory,
  tickOptions,
} from "./plans-kit";

export const MIB = 1024 * 1024;
/** S3's part limit lowered to 4, so a 40 MiB archive cannot go in 8 MiB parts; S3 faults can be armed. */
export const LIMITS = { ...S3_LIMITS, maxParts: 4 };
/** The emulator the chunk tests run on: the lowered part limit, faults armable. */
export const CHUNK_KIT_OPTIONS: Partial<EmulatorOptions> = { s3Limits: { maxParts: 4 }, faultInjection: {} };

/** Archives of `sizes` uploaded to the kit's vault; the plan covers exactly them. */
export async function uploadArchives(k: Kit, sizes: readonly number[], seed: number): Promise<KitArchive[]> {
  const archives: KitArchive[] = [];
  for (const [i, size] of sizes.entries()) {
    const bytes = payload(size, seed + i);
    const description = `big-${seed}-${i}.bin`;
    const out = await k.emulator.client.send(
      new UploadArchiveCommand({
        accountId: "-",
        vaultName: k.vaultName,
        body: bytes,
        archiveDescription: description,
      }),
    );
    archives.push({ archiveId: out.archiveId ?? "", description, size, bytes });
  }
  return archives;
}

export type Setup = {
  db: Kysely<Database>;
  options: PlanTaskOptions;
  planId: string;
  archives: KitArchive[];
};

/** The emulator's counters, the GetJobOutput ranges it served, and plans over new archives, for `kit`. */
export function chunkCopyHelpers(kit: Kit) {
  const stats = () => kit.emulator.emulator.stats;
  /** Every GetJobOutput range served for `jobIds`, as "start-end". */
  const readsOf = (...jobIds: (string | null)[]) =>
    jobIds.flatMap((id) =>
      stats()
        .jobOutputReads(id ?? "")
        .map((r) => `${r.start}-${r.end}`),
    );
  async function planOver(
    db: Kysely<Database>,
    sizes: readonly number[],
    seed: number,
    overrides: Partial<PlanFormInput>,
    extra: PlanTaskOptions = {},
  ): Promise<Setup> {
    const archives = await uploadArchives(kit, sizes, seed);
    const inventoryId = await importKitInventory(kit, db, syntheticInventory(kit.vaultName, archives));
    const options = tickOptions(kit, db, { s3Limits: LIMITS, ...extra });
    const plan = await createPlan(
      { target: kit.target, form: planForm(kit, inventoryId, overrides), createdBy: null },
      options,
    );
    return { db, options, planId: plan.id, archives };
  }
  return { stats, readsOf, planOver };
}

export const chunksOf = (db: Kysely<Database>, planId: string) =>
  db.selectFrom("plan_chunks").selectAll().where("plan_id", "=", planId).orderBy("idx").execute();

export const itemOf = (db: Kysely<Database>, planId: string) =>
  db.selectFrom("plan_items").selectAll().where("plan_id", "=", planId).executeTakeFirstOrThrow();

/**
 * A `runUntil` callback that notes any of `stored` (chunk rows done before) written again: a chunk
 * read and stored twice. Checked at every step, as the rows go once the item is verified.
 */
export function rewritesOf(
  db: Kysely<Database>,
  planId: string,
  stored: readonly { idx: number; updated_at: string }[],
) {
  const before = new Map(stored.map((r) => [r.idx, r.updated_at]));
  const rewritten = new Set<number>();
  const each = async () => {
    for (const r of await chunksOf(db, planId))
      if (before.has(r.idx) && before.get(r.idx) !== r.updated_at) rewritten.add(r.idx);
  };
  return { each, rewritten };
}

/** One plan-initiate step alone: its chunk tasks wait in the queue (to see the step's own effect). */
export async function stepOnly(s: Setup): Promise<void> {
  await runPlanStep({ planId: s.planId }, taskRun(), s.options);
}

/** One step and the chunk tasks it enqueued, run to the end (stepPlan). */
export async function step(s: Setup): Promise<void> {
  await stepPlan(s.planId, s.options);
}

/** What a chunk's run is told by the queue, for a test that runs one itself. */
export function taskRun(taskId = "test-task") {
  return { signal: new AbortController().signal, heartbeat: () => Promise.resolve(), taskId, attempt: 1 };
}

/**
 * Steps the plan (its plan-initiate only) until a copy started, then runs its chunks' tasks one by
 * one, in order, until `done` holds of its chunk rows: a copy stopped part way, deterministically.
 * The tasks the step enqueued for those chunks find them stored later and do nothing.
 */
export async function stepUntilChunks(s: Setup, done: (doneChunks: number) => boolean): Promise<void> {
  for (let i = 0; i < 400 && (await chunksOf(s.db, s.planId)).length === 0; i++) {
    await runPlanStep({ planId: s.planId }, taskRun(), s.options);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  for (;;) {
    const rows = await chunksOf(s.db, s.planId);
    if (rows.length > 0 && done(rows.filter((r) => r.state === "done").length)) return;
    const next = rows.find((r) => r.state === "pending");
    if (!next) throw new Error("the copy did not get there");
    const item = await s.db
      .selectFrom("plan_items")
      .select("seq")
      .where("plan_id", "=", s.planId)
      .where("archive_id", "=", next.archive_id)
      .executeTakeFirstOrThrow();
    const payload = { planId: s.planId, seq: item.seq, archiveId: next.archive_id, idx: next.idx };
    await runCopyChunk(payload, taskRun(), s.options);
  }
}
