import { expect, it } from "vitest";
import { describeEachDialect } from "@/tests/support/db";
import { type AccountTarget } from "@/lib/aws/vaults";
import { createKitPlan, retrievalsPerArchive, runUntil } from "@/tests/support/plans-kit";
import { kitForFile } from "@/tests/support/plans-kit-suite";

/**
 * A call that never answers (the emulator's NoAnswer fault on GetJobOutput) holds only its own copy:
 * the other tasks go on tracking, initiating and copying the rest, and the hung chunk is bounded in
 * time and run again later. Nothing races a timer: the hang ends only when Thaw ends it.
 */

const ARCHIVES = 6;
const kit = kitForFile(ARCHIVES, { faultInjection: {} });

const oncePerArchive = async (planId: string) => {
  const jobs = await retrievalsPerArchive(kit, planId);
  return jobs.size === ARCHIVES && [...jobs.values()].every((n) => n === 1);
};

describeEachDialect("a copy that hangs", (dialect) => {
  it("holds only its own task: every other archive is tracked, copied and verified meanwhile", async () => {
    const { db } = await dialect.open();
    // One chunk may take a minute (longer than this test may run): only the test ends the hang.
    const { plan, options: base } = await createKitPlan(kit, db, { maxInFlight: 2 });
    const options = { ...base, chunkTimeoutMs: 60_000, copyConcurrency: 2 };
    kit.emulator.emulator.faults.failNext("GetJobOutput", "NoAnswer", 1);
    // Steps, each with a drain of its tasks: the hung chunk holds one run, the others go on. Each
    // drain's time (5 s) ends with the hung run stopped and put back, so it is tried again later.
    const others = await runUntil(plan.id, options, (p) => p.counts.verified === ARCHIVES - 1);
    expect(others.counts).toMatchObject({ pending: 0, failed: 0 });
    expect(kit.emulator.emulator.faults.pending("GetJobOutput")).toBe(0);
    const done = await runUntil(plan.id, options);
    expect(done).toMatchObject({ status: "completed", counts: { verified: ARCHIVES } });
    expect(await oncePerArchive(plan.id)).toBe(true);
  });

  it("is bounded in time: the unanswered GetJobOutput ends at its timeout and is asked again, no new job", async () => {
    const { db } = await dialect.open();
    const { plan, options: base } = await createKitPlan(kit, db, { maxInFlight: ARCHIVES });
    // This connection waits at most a second for an answer's headers (the default is a minute).
    const target: AccountTarget = { ...kit.target, timeouts: { answerMs: 1_000 } };
    const options = { ...base, resolveTarget: () => Promise.resolve(target) };
    const { faults, stats } = kit.emulator.emulator;
    stats.reset();
    faults.failNext("GetJobOutput", "NoAnswer", 1);
    const done = await runUntil(plan.id, options);
    expect(done).toMatchObject({ status: "completed", counts: { verified: ARCHIVES, failed: 0 } });
    // Exactly one GetJobOutput was never served: the hung one, cut by the timeout and asked again.
    expect(stats.requests("GetJobOutput") - stats.jobOutputReads().length).toBe(1);
    expect(await oncePerArchive(plan.id)).toBe(true);
  });
});
