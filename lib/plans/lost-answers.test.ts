import { expect, it } from "vitest";
import { describeEachDialect } from "@/tests/support/db";
import { type AccountTarget } from "@/lib/aws/vaults";
import { archiveCostUsd } from "@/lib/glacier/plan-form";
import { claimJobSubmission } from "@/lib/jobs";
import { planJobKey } from "./initiate";
import { getPlan, listPlanItems } from "./queries";
import { createKitPlan, retrievalsPerArchive, runUntil } from "@/tests/support/plans-kit";
import { kitForFile } from "@/tests/support/plans-kit-suite";

/**
 * Issue #13's "never paid twice", for real: the SDK over HTTP into the emulator, whose test-only faults
 * make InitiateJob create its job and lose the answer (ConnectionDropped), or never answer (NoAnswer).
 * Jobs are counted where they are billed: in the emulator's own job list.
 */

const ARCHIVES = 6;
const kit = kitForFile(ARCHIVES, { faultInjection: {} });
const HOUR = 60 * 60_000;

const costOf = (sizes: number[]) => sizes.reduce((sum, size) => sum + archiveCostUsd(size, "Expedited"), 0);

describeEachDialect("InitiateJob answers lost or never given", (dialect) => {
  it("a dropped answer: the job it made is adopted, one job per archive at the emulator, its cost counted once", async () => {
    const { db } = await dialect.open();
    const { plan, options } = await createKitPlan(kit, db, { maxInFlight: ARCHIVES });
    const { faults } = kit.emulator.emulator;
    faults.failNext("InitiateJob", "ConnectionDropped", 3);
    const done = await runUntil(plan.id, options);
    expect(faults.pending("InitiateJob")).toBe(0);
    expect(done).toMatchObject({ status: "completed", counts: { verified: ARCHIVES, failed: 0 } });
    const jobs = await retrievalsPerArchive(kit, plan.id);
    expect(jobs.size).toBe(ARCHIVES);
    expect([...jobs.values()].every((n) => n === 1)).toBe(true);
    const { items } = await listPlanItems(plan.id, { offset: 0, limit: 100 }, { db });
    // Nobody retried: the lost answers were found in ListJobs under the same attempt.
    expect(items.map((i) => i.attempts)).toEqual(items.map(() => 1));
    expect(done.spentUsd).toBeCloseTo(costOf(kit.archives.map((a) => a.size)), 12);
  });

  it("no answer at all: held (not repeated) while the job could still appear, then given back and tried again once", async () => {
    const { db } = await dialect.open();
    const { plan, options: base } = await createKitPlan(kit, db, { maxInFlight: ARCHIVES });
    // This connection's calls wait at most 300 ms for an answer: the one that never comes times out.
    const target: AccountTarget = { ...kit.target, timeouts: { answerMs: 300 } };
    let ahead = 0;
    const options = {
      ...base,
      resolveTarget: () => Promise.resolve(target),
      clock: () => new Date(Date.now() + ahead),
    };
    const { faults } = kit.emulator.emulator;
    faults.failNext("InitiateJob", "NoAnswer", 1);
    const waiting = await runUntil(plan.id, options, (p) => p.counts.verified === ARCHIVES - 1);
    expect(faults.pending("InitiateJob")).toBe(0);
    // A few more steps inside the window: the unanswered attempt is neither given back nor repeated.
    for (let i = 0; i < 3; i++) await runUntil(plan.id, options, () => true);
    const held = await getPlan(plan.id, { db });
    expect(held?.counts).toMatchObject({ verified: ARCHIVES - 1, requested: 1, pending: 0 });
    expect(held?.spentUsd).toBeCloseTo(waiting.spentUsd, 12);
    expect(held?.spentUsd).toBeCloseTo(costOf(kit.archives.map((a) => a.size)), 12);
    const { items } = await listPlanItems(plan.id, { offset: 0, limit: 100 }, { db });
    const unanswered = items.find((i) => i.status === "requested");
    expect(unanswered).toMatchObject({ attempts: 1, glacierJobId: null });
    // The request never ran: the emulator holds no job for that archive.
    expect((await retrievalsPerArchive(kit, plan.id)).get(unanswered?.archiveId ?? "")).toBeUndefined();

    // An hour later nothing was listed: the estimate is given back and attempt 2 starts, once.
    ahead = HOUR + 60_000;
    const done = await runUntil(plan.id, options);
    expect(done).toMatchObject({ status: "completed", counts: { verified: ARCHIVES } });
    const after = (await listPlanItems(plan.id, { offset: 0, limit: 100 }, { db })).items;
    expect(after.find((i) => i.archiveId === unanswered?.archiveId)?.attempts).toBe(2);
    const jobs = await retrievalsPerArchive(kit, plan.id);
    expect(jobs.size).toBe(ARCHIVES);
    expect([...jobs.values()].every((n) => n === 1)).toBe(true);
    expect(done.spentUsd).toBeCloseTo(costOf(kit.archives.map((a) => a.size)), 12);
  });

  it("a claim left `submitting` by a killed process (the e2e stall) does not hold the wave back", async () => {
    const { db } = await dialect.open();
    const { plan, options } = await createKitPlan(kit, db, { maxInFlight: ARCHIVES });
    // What a SIGKILL between the claim and the request leaves: the first archive's claim, fresh, no job.
    const [first] = (await listPlanItems(plan.id, { offset: 0, limit: 1 }, { db })).items;
    const claim = await claimJobSubmission(
      {
        connectionId: kit.target.id,
        idempotencyKey: planJobKey(plan.id, first?.archiveId ?? "", 1),
        vaultName: kit.vaultName,
        parameters: { Type: "archive-retrieval", ArchiveId: first?.archiveId ?? "" },
        estimate: null,
        submittedBy: null,
      },
      { db },
    );
    expect(claim.claimed).toBe(true);
    // Before: "in-progress" for two minutes (STALE_CLAIM_MS) stopped every initiation behind it.
    const going = await runUntil(plan.id, options, (p) => p.counts.verified === ARCHIVES - 1);
    expect(going.counts).toMatchObject({ requested: 1, pending: 0 });
    const { items } = await listPlanItems(plan.id, { offset: 0, limit: 100 }, { db });
    expect(items.find((i) => i.archiveId === first?.archiveId)).toMatchObject({
      status: "requested",
      attempts: 1,
      glacierJobId: null,
    });
    // Its cost is counted (the job may exist) and it is never sent again within the window.
    expect(going.spentUsd).toBeCloseTo(costOf(kit.archives.map((a) => a.size)), 12);
    expect((await retrievalsPerArchive(kit, plan.id)).has(first?.archiveId ?? "")).toBe(false);
    await runUntil(plan.id, { ...options, clock: () => new Date(Date.now() + HOUR + 60_000) });
    expect([...(await retrievalsPerArchive(kit, plan.id)).values()]).toEqual(
      Array.from({ length: ARCHIVES }, () => 1),
    );
  });

  it("a 5xx is not a refusal: the attempt is held, never resent, and tried again once only after the window", async () => {
    const { db } = await dialect.open();
    const { plan, options } = await createKitPlan(kit, db, { maxInFlight: ARCHIVES });
    const { faults } = kit.emulator.emulator;
    // The emulator's 500 comes before the handler: no job exists, and none may be started for an hour.
    faults.failNext("InitiateJob", "ServiceUnavailableException", 1);
    const waiting = await runUntil(plan.id, options, (p) => p.counts.verified === ARCHIVES - 1);
    for (let i = 0; i < 3; i++) await runUntil(plan.id, options, () => true);
    expect((await getPlan(plan.id, { db }))?.counts).toMatchObject({ requested: 1, pending: 0 });
    expect(waiting.lastError).toBeNull();
    const jobs = await retrievalsPerArchive(kit, plan.id);
    expect(jobs.size).toBe(ARCHIVES - 1);
    await runUntil(plan.id, { ...options, clock: () => new Date(Date.now() + HOUR + 60_000) });
    expect([...(await retrievalsPerArchive(kit, plan.id)).values()]).toEqual(
      Array.from({ length: ARCHIVES }, () => 1),
    );
  });
});
