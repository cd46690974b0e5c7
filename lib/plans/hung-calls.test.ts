import { expect, it } from "vitest";
import { describeEachDialect } from "@/tests/support/db";
import { type AccountTarget } from "@/lib/aws/vaults";
import { getPlan } from "./queries";
import { startTaskWorkers } from "@/lib/tasks";
import { until } from "@/tests/support/fixture-process";
import { createKitPlan, retrievalsPerArchive, runUntil } from "@/tests/support/plans-kit";
import { enqueuePlanStep } from "./schedule";
import { registerPlanTasks } from "./tasks";
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
    const options = { ...base, chunkTimeoutMs: 60_000, copyConcurrency: 2, tickMs: 20 };
    kit.emulator.emulator.faults.failNext("GetJobOutput", "NoAnswer", 1);
    // The real runner, in process: the hung chunk holds one of its slots, the others go on.
    registerPlanTasks(options);
    let workers = startTaskWorkers();
    try {
      await enqueuePlanStep(plan.id);
      await until(async () => (await getPlan(plan.id, { db }))?.counts.verified === ARCHIVES - 1, 20_000);
      expect((await getPlan(plan.id, { db }))?.counts).toMatchObject({
        copying: 1,
        pending: 0,
        requested: 0,
      });
      expect(kit.emulator.emulator.faults.pending("GetJobOutput")).toBe(0);
      // Stopped (a shutdown aborts the runs under way), the chunk's task is run again and finishes.
      await workers.stop({ graceMs: 1_000 });
      workers = startTaskWorkers();
      await until(async () => (await getPlan(plan.id, { db }))?.status === "completed", 20_000);
    } finally {
      await workers.stop({ graceMs: 1_000 });
    }
    expect((await getPlan(plan.id, { db }))?.counts.verified).toBe(ARCHIVES);
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
