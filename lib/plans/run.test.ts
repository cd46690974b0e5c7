import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { describeEachDialect } from "@/tests/support/db";
import { initiateJob } from "@/lib/aws/job-requests";
import { archiveCostUsd } from "@/lib/glacier/plan-form";
import { cancelPlan, pausePlan, resumePlan, updatePlanLimits } from "./control";
import { createPlan } from "./create";
import { deleteVerifiedArchives } from "./delete-archives";
import { PlanStateError } from "./errors";
import { runPlanStep } from "./tick";
import { getPlan, listPlanItems } from "./queries";
import {
  createKitPlan,
  fileTreeHash,
  importKitInventory,
  planForm,
  retrievalsPerArchive,
  runUntil,
  s3Object,
  startKit,
  tickOptions,
  stepPlan,
} from "@/tests/support/plans-kit";
import { kitForFile } from "@/tests/support/plans-kit-suite";

const ARCHIVES = 20;
const kit = kitForFile(ARCHIVES);

describeEachDialect("running a plan", (dialect) => {
  async function setUp(overrides: Parameters<typeof planForm>[2] = {}) {
    const { db } = await dialect.open();
    const inventoryId = await importKitInventory(kit, db);
    const options = tickOptions(kit, db);
    // Only the first 5 items are written at creation: the steps write the rest as they reach them.
    const plan = await createPlan(
      { target: kit.target, form: planForm(kit, inventoryId, overrides), createdBy: null },
      { ...options, firstItems: 5 },
    );
    return { db, options, plan };
  }

  async function allItems(planId: string, db: Awaited<ReturnType<typeof setUp>>["db"]) {
    return (await listPlanItems(planId, { offset: 0, limit: 1000 }, { db })).items;
  }

  it("copies every archive to S3, tree hashes matching, the manifest complete, max in flight never exceeded", async () => {
    const { db, options, plan } = await setUp({
      maxInFlight: 3,
      destination: {
        kind: "s3",
        bucket: kit.bucket,
        prefix: `deep-${dialect.dialect}/`,
        storageClass: "DEEP_ARCHIVE",
      },
    });
    let peak = 0;
    const done = await runUntil(plan.id, options, undefined, (p) => {
      peak = Math.max(peak, p.counts.requested + p.counts.copying);
    });
    expect(done.status).toBe("completed");
    expect(done.counts.verified).toBe(ARCHIVES);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(3);
    const byId = new Map(kit.archives.map((a) => [a.archiveId, a]));
    const destination = done.destination.kind === "s3" ? done.destination : null;
    for (const item of await allItems(plan.id, db)) {
      const stored = await s3Object(kit, item.objectKey ?? "");
      expect(stored.bytes).toBe(byId.get(item.archiveId)?.size);
      expect(stored.treeHash).toBe(fileHashOf(byId.get(item.archiveId)?.bytes));
      expect(stored.storageClass).toBe("DEEP_ARCHIVE");
    }
    const manifest = await s3Object(kit, `${destination?.prefix ?? ""}manifest.csv`);
    expect(manifest.bytes).toBeGreaterThan(0);
    const counts = await retrievalsPerArchive(kit, plan.id);
    expect(counts.size).toBe(ARCHIVES);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(done.spentUsd).toBeCloseTo(
      kit.archives.reduce((s, a) => s + archiveCostUsd(a.size, "Expedited"), 0),
      9,
    );
  });

  it("writes to a server directory: files under their keys, verified, .part files gone, manifest beside them", async () => {
    const dir = path.join(kit.exportRoot, `dir-${dialect.dialect}`);
    const { db, options, plan } = await setUp({
      destination: { kind: "directory", path: dir },
      maxInFlight: 10,
    });
    const done = await runUntil(plan.id, options);
    expect(done).toMatchObject({ status: "completed", counts: { verified: ARCHIVES } });
    const byId = new Map(kit.archives.map((a) => [a.archiveId, a]));
    for (const item of await allItems(plan.id, db)) {
      expect(fileTreeHash(path.join(dir, item.objectKey ?? ""))).toBe(
        fileHashOf(byId.get(item.archiveId)?.bytes),
      );
    }
    expect(fs.readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith(".part"))).toEqual([]);
    const manifest = fs.readFileSync(path.join(dir, "manifest.csv"), "utf8").trim().split("\n");
    expect(manifest).toHaveLength(ARCHIVES + 1);
    expect(manifest.slice(1).every((line) => line.includes(",verified,"))).toBe(true);
  });

  it("stops at the cap (spent ≤ cap) and finishes once the cap is raised", async () => {
    const sizes = kit.archives.map((a) => a.size).sort((a, b) => a - b);
    const cap = sizes.slice(0, 6).reduce((s, n) => s + archiveCostUsd(n, "Expedited"), 0) + 0.000001;
    const { options, plan } = await setUp({ capUsd: cap, maxInFlight: 4 });
    const capped = await runUntil(
      plan.id,
      options,
      // Copies run in the background of the steps: wait until none is left (copied = being read back).
      (p) => p.status === "capped" && p.counts.requested + p.counts.copying + p.counts.copied === 0,
    );
    expect(capped.spentUsd).toBeLessThanOrEqual(cap);
    expect(capped.counts.verified).toBe(6);
    expect(capped.counts.pending).toBe(ARCHIVES - 6);
    // Capped stays capped: more steps initiate nothing.
    await stepPlan(plan.id, options);
    expect((await getPlan(plan.id, options))?.counts.pending).toBe(ARCHIVES - 6);
    await updatePlanLimits(plan.id, { capUsd: 10 }, options);
    expect((await getPlan(plan.id, options))?.status).toBe("running");
    const done = await runUntil(plan.id, options);
    expect(done).toMatchObject({ status: "completed", counts: { verified: ARCHIVES } });
    expect([...(await retrievalsPerArchive(kit, plan.id)).values()].every((n) => n === 1)).toBe(true);
  });

  it("keeps to the daily byte budget: the rest waits, the plan is not capped", async () => {
    const sizes = kit.archives.map((a) => a.size).sort((a, b) => a - b);
    const budget = (sizes[0] ?? 0) + (sizes[1] ?? 0) + (sizes[2] ?? 0);
    const { options, plan } = await setUp({ maxInFlight: 10, dailyByteBudgetGiB: budget / 1024 ** 3 });
    const settled = await runUntil(
      plan.id,
      options,
      (p) => p.counts.verified === 3 && p.counts.requested + p.counts.copying === 0,
    );
    for (let i = 0; i < 3; i++) await stepPlan(plan.id, options);
    expect(await getPlan(plan.id, options)).toMatchObject({
      status: "running",
      counts: { verified: 3, pending: ARCHIVES - 3 },
    });
    expect(settled.bytes.verified).toBeLessThanOrEqual(budget);
  });

  it("pauses (nothing new starts, what is in flight is still copied), resumes, and cancels for good", async () => {
    const { options, plan } = await setUp({ maxInFlight: 2 });
    // One step alone (its copies not run): two jobs in flight at the pause.
    await runPlanStep({ planId: plan.id }, { signal: new AbortController().signal }, options);
    await pausePlan(plan.id, options);
    const before = await getPlan(plan.id, options);
    expect(before?.counts.requested).toBe(2);
    const jobsAtPause = [...(await retrievalsPerArchive(kit, plan.id)).values()].reduce((a, b) => a + b, 0);
    const paused = await runUntil(plan.id, options, (p) => p.counts.verified === 2);
    expect(paused).toMatchObject({
      status: "paused",
      counts: { pending: before?.counts.pending, requested: 0 },
    });
    const jobsAfter = [...(await retrievalsPerArchive(kit, plan.id)).values()].reduce((a, b) => a + b, 0);
    expect(jobsAfter).toBe(jobsAtPause);
    await resumePlan(plan.id, options);
    await runUntil(plan.id, options, (p) => p.counts.verified >= 4);
    await stepPlan(plan.id, options); // a new wave in flight
    // Copies run in the background of the steps: an output may already be copying.
    const { requested = 0, copying = 0 } = (await getPlan(plan.id, options))?.counts ?? {};
    const inFlight = requested + copying;
    expect(inFlight).toBeGreaterThan(0);
    await cancelPlan(plan.id, options);
    const cancelled = await getPlan(plan.id, options);
    expect(cancelled?.counts).toMatchObject({ requested: 0, copying: 0, copied: 0, failed: inFlight });
    for (let i = 0; i < 3; i++) await stepPlan(plan.id, options);
    expect(await getPlan(plan.id, options)).toMatchObject({ status: "cancelled", counts: cancelled?.counts });
    await expect(resumePlan(plan.id, options)).rejects.toBeInstanceOf(PlanStateError);
    expect((await retrievalsPerArchive(kit, plan.id)).size).toBeLessThan(ARCHIVES);
  });

  it("deletes the verified archives only with the exact count and bytes", async () => {
    // Its own vault: the archives it deletes must not vanish from the other tests' vault.
    const own = await startKit(4);
    try {
      const { db } = await dialect.open();
      const { plan, options } = await createKitPlan(own, db, { maxInFlight: 10 });
      const done = await runUntil(plan.id, options);
      const { verified } = done.counts;
      expect(verified).toBe(4);
      const bytes = done.bytes.verified;
      await expect(
        deleteVerifiedArchives(plan.id, { count: verified + 1, bytes }, own.target, options),
      ).rejects.toBeInstanceOf(PlanStateError);
      await expect(
        deleteVerifiedArchives(plan.id, { count: verified, bytes: bytes - 1 }, own.target, options),
      ).rejects.toBeInstanceOf(PlanStateError);
      expect((await getPlan(plan.id, options))?.counts.deleted).toBe(0);
      expect(await deleteVerifiedArchives(plan.id, { count: verified, bytes }, own.target, options)).toEqual({
        deleted: verified,
        failed: 0,
      });
      expect((await getPlan(plan.id, options))?.counts).toMatchObject({ deleted: verified, verified: 0 });
      const deletedIds = (await allItems(plan.id, db)).map((i) => i.archiveId);
      // The vault itself no longer has them: a new retrieval is refused.
      await expect(
        initiateJob(own.target, own.vaultName, { Type: "archive-retrieval", ArchiveId: deletedIds[0] ?? "" }),
      ).rejects.toThrow(/ResourceNotFound/);
      const audited = await db
        .selectFrom("audit_log")
        .select("target")
        .where("action", "=", "archive.delete")
        .execute();
      expect(audited.map((a) => a.target).sort()).toEqual([...deletedIds].sort());
    } finally {
      await own.stop();
    }
  });
});

function fileHashOf(bytes: Buffer | undefined): string {
  if (!bytes) throw new Error("unknown archive");
  const tmp = path.join(kit.exportRoot, `hash-${Math.random()}`);
  fs.writeFileSync(tmp, bytes);
  const hash = fileTreeHash(tmp);
  fs.rmSync(tmp);
  return hash;
}
