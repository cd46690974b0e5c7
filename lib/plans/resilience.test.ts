import { expect, it } from "vitest";
import { initiateJob } from "@/lib/aws/job-requests";
import { describeEachDialect } from "@/tests/support/db";
import { claimJobSubmission, markJobUncertain } from "@/lib/jobs";
import { getConfig } from "@/lib/config";
import { cancelPlan } from "./control";
import { createPlan } from "./create";
import { planJobKey } from "./initiate";
import { getPlan, listPlanItems } from "./queries";
import {
  createKitPlan,
  importKitInventory,
  planForm,
  retrievalsPerArchive,
  runUntil,
  s3Object,
  sleep,
  startKit,
  tickOptions,
  stepPlan,
} from "@/tests/support/plans-kit";
import { kitForFile } from "@/tests/support/plans-kit-suite";
import { runCopyChunk } from "./copy";
import { type DestinationWriter } from "./destinations";
import { type PartToWrite } from "./destinations/types";
import { runPlanStep } from "./tick";

const running = { signal: new AbortController().signal };

// Fault injection on (nothing armed): one test makes InitiateJob answer Glacier's "not now" errors.
const kit = kitForFile(12, { faultInjection: {} });

async function waitFor<T>(probe: () => Promise<T | undefined>, limitMs = 20_000, everyMs = 5): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await sleep(everyMs);
  }
}

const onceEach = (counts: Map<string, number>) => [...counts.values()].every((n) => n === 1);

describeEachDialect("plans under stress", (dialect) => {
  it("backs off when Glacier has no capacity, retries, and initiates nothing twice", async () => {
    // 2 Expedited retrievals per 5 simulated minutes (0.5 s real): most initiations are refused at first.
    const tight = await startKit(6, { timeScale: 600, expeditedCapacity: 2 });
    try {
      const { db } = await dialect.open();
      const { plan, options } = await createKitPlan(tight, db, { maxInFlight: 6 });
      const errors = new Set<string>();
      const done = await runUntil(plan.id, options, undefined, (p) => {
        if (p.lastError) errors.add(p.lastError.split(":")[0] ?? "");
      });
      expect(done).toMatchObject({ status: "completed", counts: { verified: 6 } });
      expect(errors).toContain("InsufficientCapacityException");
      const counts = await retrievalsPerArchive(tight, plan.id);
      expect(counts.size).toBe(6);
      expect(onceEach(counts)).toBe(true);
    } finally {
      await tight.stop();
    }
  });

  it("backs off on ThrottlingException and PolicyEnforcedException too, then proceeds", async () => {
    const { db } = await dialect.open();
    // img-10 and img-11.
    const { plan, options } = await createKitPlan(kit, db, {
      selection: { kind: "filter", q: "img-1" },
    });
    const { faults } = kit.emulator.emulator;
    // InitiateJob is sent in one attempt: every refusal reaches the worker, none is retried by the SDK.
    faults.failNext("InitiateJob", "ThrottlingException", 3);
    faults.failNext("InitiateJob", "PolicyEnforcedException", 2);
    const errors = new Set<string>();
    const done = await runUntil(plan.id, options, undefined, (p) => {
      if (p.lastError) errors.add(p.lastError.split(":")[0] ?? "");
    });
    // Only the backoff writes the plan's last error; a refusal that is not "not now" fails the archive instead.
    expect([...errors]).toEqual(["ThrottlingException", "PolicyEnforcedException"]);
    expect(faults.pending("InitiateJob")).toBe(0);
    expect(done).toMatchObject({ status: "completed", counts: { verified: 2, failed: 0 } });
    const counts = await retrievalsPerArchive(kit, plan.id);
    expect(counts.size).toBe(2);
    expect(onceEach(counts)).toBe(true);
  });

  it("keeps to the initiation rate: a step sends at most a step's worth, more only as time passes", async () => {
    const { db } = await dialect.open();
    const { plan, options: base } = await createKitPlan(kit, db, { maxInFlight: 12 });
    let at = Date.now();
    const options = { ...base, initiationsPerSecond: 1, clock: () => new Date(at) };
    const sent = async () => (await retrievalsPerArchive(kit, plan.id)).size;
    // One a second; a step's worth is one tick (THAW_PLAN_TICK_MS) of them, however long the pause.
    const perStep = Math.max(1, getConfig().plans.tickMs / 1000);
    const step = () => runPlanStep({ planId: plan.id }, running, options);
    await step();
    expect(await sent()).toBe(perStep);
    await step();
    expect(await sent()).toBe(perStep);
    at += 1_000;
    await step();
    expect(await sent()).toBe(perStep + 1);
    at += 60_000;
    await step();
    expect(await sent()).toBe(2 * perStep + 1);
    await cancelPlan(plan.id, options);
  });

  it("two replicas' steps overlapping (a step the queue gave up on still running): nothing is initiated twice", async () => {
    const first = await dialect.open();
    const second = await dialect.open();
    const form = planForm(kit, await importKitInventory(kit, first.db), { maxInFlight: 4 });
    const plan = await createPlan(
      { target: kit.target, form, createdBy: null },
      { db: first.db, exportRoots: [kit.exportRoot] },
    );
    const replicas = [tickOptions(kit, first.db), tickOptions(kit, second.db)];
    await waitFor(async () => {
      // Both replicas step the plan at once, each with its own connection, then their tasks run.
      await Promise.all(replicas.map((options) => runPlanStep({ planId: plan.id }, running, options)));
      await stepPlan(plan.id, replicas[0] ?? {});
      return (await getPlan(plan.id, { db: first.db }))?.status === "completed" ? true : undefined;
    });
    expect((await getPlan(plan.id, { db: first.db }))?.counts.verified).toBe(12);
    const counts = await retrievalsPerArchive(kit, plan.id);
    expect(counts.size).toBe(12);
    expect(onceEach(counts)).toBe(true);
  });

  it("a chunk run that dies mid-copy: its retry redoes that chunk only, retrieves nothing twice", async () => {
    const { db } = await dialect.open();
    const { plan, options } = await createKitPlan(kit, db, { maxInFlight: 12, orderBy: "oldest" });
    // The first copy's first chunk: its run is stopped as it writes (a process dying mid-chunk).
    const dying = new AbortController();
    let item: { seq: number; archive_id: string } | undefined;
    await waitFor(async () => {
      await runPlanStep({ planId: plan.id }, running, options);
      item = await db
        .selectFrom("plan_items")
        .select(["seq", "archive_id"])
        .where("plan_id", "=", plan.id)
        .where("status", "=", "copying")
        .executeTakeFirst();
      return item;
    });
    if (!item) throw new Error("no copy started");
    const chunk = { planId: plan.id, seq: item.seq, archiveId: item.archive_id, idx: 0 };
    const watchDestination = (writer: DestinationWriter): DestinationWriter =>
      Object.assign(Object.create(writer) as DestinationWriter, {
        writePart: (key: string, handle: string, part: PartToWrite, signal: AbortSignal) => {
          dying.abort();
          return writer.writePart(key, handle, part, signal);
        },
      });
    const run = {
      ...running,
      signal: dying.signal,
      heartbeat: () => Promise.resolve(),
      taskId: "dies",
      attempt: 1,
    };
    await expect(runCopyChunk(chunk, run, { ...options, watchDestination })).rejects.toThrow();
    // The queue runs the task again (here: the step's own tasks, drained); the plan finishes.
    const done = await runUntil(plan.id, options);
    expect(done.counts.verified).toBe(12);
    const counts = await retrievalsPerArchive(kit, plan.id);
    expect(counts.size).toBe(12);
    expect(onceEach(counts)).toBe(true);
    const byId = new Map(kit.archives.map((a) => [a.archiveId, a]));
    for (const listed of (await listPlanItems(plan.id, { offset: 0, limit: 100 }, { db })).items) {
      const stored = await s3Object(kit, listed.objectKey ?? "");
      expect(stored.bytes).toBe(byId.get(listed.archiveId)?.size);
    }
  });

  it("requests an output again when its 24-hour window is about to close before it was copied", async () => {
    const { db } = await dialect.open();
    const { plan, options } = await createKitPlan(kit, db, {
      selection: { kind: "filter", q: "img-6" },
    });
    await runPlanStep({ planId: plan.id }, running, options);
    const [item] = (await listPlanItems(plan.id, { offset: 0, limit: 10 }, { db })).items;
    expect(item?.status).toBe("requested");
    // Completed 23 hours ago and not copied yet: its window closes within the 2-hour margin.
    const now = Date.now();
    await db
      .updateTable("plan_items")
      .set({
        job_completed_at: new Date(now - 23 * 3_600_000).toISOString(),
        expires_at: new Date(now + 3_600_000).toISOString(),
      })
      .where("plan_id", "=", plan.id)
      .execute();
    const done = await runUntil(plan.id, options);
    expect(done.counts.verified).toBe(1);
    const [after] = (await listPlanItems(plan.id, { offset: 0, limit: 10 }, { db })).items;
    expect(after?.attempts).toBe(2);
    expect(after?.glacierJobId).not.toBe(item?.glacierJobId);
    expect([...(await retrievalsPerArchive(kit, plan.id)).values()]).toEqual([2]);
  });
});

describeEachDialect("an InitiateJob that got no answer", (dialect) => {
  async function uncertainClaim(withJob: boolean) {
    const { db } = await dialect.open();
    const { plan, options } = await createKitPlan(kit, db, {
      selection: { kind: "filter", q: "img-7" },
    });
    const [item] = (await listPlanItems(plan.id, { offset: 0, limit: 1 }, { db })).items;
    const archiveId = item?.archiveId ?? "";
    // What a crash between the claim and Glacier's answer leaves: an uncertain claim, three minutes old...
    const claim = await claimJobSubmission(
      {
        connectionId: kit.target.id,
        idempotencyKey: planJobKey(plan.id, archiveId, 1),
        vaultName: kit.vaultName,
        parameters: { Type: "archive-retrieval", ArchiveId: archiveId },
        estimate: null,
        submittedBy: null,
      },
      { db },
    );
    if (!claim.claimed) throw new Error("the key was taken");
    await markJobUncertain(
      claim.job.id,
      {
        code: "ECONNRESET",
        message: "reset",
        awsMessage: undefined,
        requestId: undefined,
        httpStatus: undefined,
        retryable: true,
      },
      { db },
    );
    const old = new Date(Date.now() - 3 * 60_000).toISOString();
    await db
      .updateTable("jobs")
      .set({ created_at: old, updated_at: old })
      .where("id", "=", claim.job.id)
      .execute();
    // ...and, if the request did reach Glacier, the job it started.
    const started = withJob
      ? (
          await initiateJob(kit.target, kit.vaultName, {
            Type: "archive-retrieval",
            ArchiveId: archiveId,
            Tier: "Expedited",
            // As plans described their jobs before the attempt was named (the fault tests cover today's).
            Description: `Thaw plan ${plan.id}`,
          })
        ).jobId
      : null;
    // The claim is three minutes old: with a two-minute window, an unlisted job is given up on.
    const done = await runUntil(plan.id, { ...options, reconcileWindowMs: 2 * 60_000 });
    const [after] = (await listPlanItems(plan.id, { offset: 0, limit: 1 }, { db })).items;
    return {
      done,
      after,
      started,
      counts: await retrievalsPerArchive(kit, plan.id),
      claimId: claim.job.id,
      db,
    };
  }

  it("adopts the job ListJobs shows for the archive instead of initiating another", async () => {
    const { done, after, started, counts, claimId, db } = await uncertainClaim(true);
    expect(done.counts.verified).toBe(1);
    expect(after).toMatchObject({ attempts: 1, glacierJobId: started });
    expect([...counts.values()]).toEqual([1]);
    const job = await db
      .selectFrom("jobs")
      .select(["glacier_job_id", "submission_status"])
      .where("id", "=", claimId)
      .executeTakeFirst();
    expect(job).toEqual({ glacier_job_id: started, submission_status: "submitted" });
  });

  it("requests again under a new attempt when Glacier lists no such job", async () => {
    const { done, after, counts } = await uncertainClaim(false);
    expect(done.counts.verified).toBe(1);
    expect(after?.attempts).toBe(2);
    expect([...counts.values()]).toEqual([1]);
  });
});
