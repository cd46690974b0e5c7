import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type AccountTarget } from "@/lib/aws/vaults";
import { archiveCostUsd } from "@/lib/glacier/plan-form";
import { startAnswerRelay, type AnswerRelay } from "@/tests/support/answer-relay";
import { databaseAway } from "@/tests/support/database-away";
import { describeEachDialect } from "@/tests/support/db";
import { createKitPlan, retrievalsPerArchive, runUntil, sleep } from "@/tests/support/plans-kit";
import { kitForFile } from "@/tests/support/plans-kit-suite";
import { listPlanItems } from "./queries";
import { runPlanStep } from "./tick";

/**
 * Issue #13's "a database that goes away mid-step": between Glacier's answer to an InitiateJob and
 * its record. The relay in front of the emulator takes the database away once the emulator answered
 * (the job exists, billed) and before Thaw reads the answer, so the answer can be recorded nowhere.
 * No literal 20 s outage: the database stays away until steps were seen failing, which is what any
 * length of outage does to a step; the steps are run by hand instead of by the queue's retry timer.
 * On SQLite that is still ~25 s: every write waits out the 5 s busy timeout before it fails.
 */

const ARCHIVES = 4;
const kit = kitForFile(ARCHIVES);
let relay: AnswerRelay;
beforeAll(async () => {
  relay = await startAnswerRelay(kit.emulator.emulator.url);
});
afterAll(() => relay.close());

const running = { signal: new AbortController().signal };
const isInitiateJob = (req: { method?: string | undefined; url?: string | undefined }) =>
  req.method === "POST" && /\/jobs$/.test(req.url ?? "");

/** `work` again until it succeeds: a pooled connection that died with the outage fails its next query once. */
async function retried<T>(work: () => Promise<T>, times = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await work();
    } catch (error) {
      if (i >= times) throw error;
      await sleep(50);
    }
  }
}

describeEachDialect("the database away mid-step", (dialect) => {
  it(
    "after Glacier answered an InitiateJob: the step fails, nothing is initiated twice, the plan finishes once it is back",
    { timeout: 120_000 },
    async () => {
      const { db } = await dialect.open();
      const away = databaseAway(dialect);
      const { plan, options: base } = await createKitPlan(kit, db, {
        maxInFlight: ARCHIVES,
        destination: { kind: "directory", path: path.join(kit.exportRoot, `away-${dialect.dialect}`) },
      });
      // Thaw's calls go through the relay (the same connection, another client version).
      const relayed: AccountTarget = { ...kit.target, endpoint: relay.url, version: "relayed" };
      const options = { ...base, resolveTarget: () => Promise.resolve(relayed) };
      const { stats } = kit.emulator.emulator;
      const initiatedBefore = stats.requests("InitiateJob");
      let answered = 0;
      let taken = false;
      relay.onceAnswered(
        (req) => isInitiateJob(req) && ++answered === 2,
        async () => {
          await away.take();
          taken = true;
        },
      );
      try {
        await expect(runPlanStep({ planId: plan.id }, running, options)).rejects.toThrow();
        expect(taken).toBe(true);
        // Away: the next step fails too (the queue retries plan-initiate), and sends Glacier nothing.
        await expect(runPlanStep({ planId: plan.id }, running, options)).rejects.toThrow();
        expect(stats.requests("InitiateJob") - initiatedBefore).toBe(2);
      } finally {
        await away.bringBack();
      }

      const done = await retried(() => runUntil(plan.id, options));
      expect(done).toMatchObject({ status: "completed", counts: { verified: ARCHIVES, failed: 0 } });
      // The answer the database never heard: its job found in ListJobs and adopted, not initiated again.
      expect(stats.requests("InitiateJob") - initiatedBefore).toBe(ARCHIVES);
      const jobs = await retrievalsPerArchive(kit, plan.id);
      expect(jobs.size).toBe(ARCHIVES);
      expect([...jobs.values()].every((n) => n === 1)).toBe(true);
      const { items } = await listPlanItems(plan.id, { offset: 0, limit: 100 }, { db });
      expect(items.map((i) => i.attempts)).toEqual(items.map(() => 1));
      const cost = kit.archives.reduce((sum, a) => sum + archiveCostUsd(a.size, "Expedited"), 0);
      expect(done.spentUsd).toBeCloseTo(cost, 12);
    },
  );
});
