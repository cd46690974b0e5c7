import { afterAll, beforeAll, expect, it } from "vitest";
import { type AccountTarget } from "@/lib/aws/vaults";
import { archiveCostUsd } from "@/lib/glacier/plan-form";
import { type AnswerRelay, startAnswerRelay } from "@/tests/support/answer-relay";
import { describeEachDialect } from "@/tests/support/db";
import { createKitPlan, retrievalsPerArchive, runUntil } from "@/tests/support/plans-kit";
import { kitForFile } from "@/tests/support/plans-kit-suite";
import { runVaultSync } from "@/lib/jobs";
import { pausePlan, resumePlan } from "./control";
import { planJobKey } from "./initiate";
import { getPlan, listPlanItems } from "./queries";
import { runPlanStep } from "./tick";

/**
 * Issue #13, never paid twice: a job whose InitiateJob answer was lost (the emulator's
 * ConnectionDropped fault makes it, then drops the connection) and that ListJobs does not show within
 * the hour-long reconciliation window — the relay in front of the emulator leaves it out of ListJobs
 * answers, as a listing lagging behind would — is given up on and its estimate given back. When it is
 * listed later, it is adopted and counted. The clock is moved, not waited for.
 */

const ARCHIVES = 3;
const HOUR = 60 * 60_000;
const kit = kitForFile(ARCHIVES, { faultInjection: {} });
let relay: AnswerRelay;
beforeAll(async () => {
  relay = await startAnswerRelay(kit.emulator.emulator.url);
});
afterAll(() => relay.close());

const running = { signal: new AbortController().signal };
const costOf = (size: number) => archiveCostUsd(size, "Expedited");
const allCost = () => kit.archives.reduce((sum, a) => sum + costOf(a.size), 0);

type ListedJobs = { JobList: { ArchiveId?: string; JobDescription?: string }[] };

/** ListJobs answers through the relay leave out attempt 1 of `archiveId` until `shown()`. */
function hideFirstAttempt(archiveId: string, shown: () => boolean): void {
  relay.rewriteAnswers((req, body) => {
    if (shown() || req.method !== "GET" || !/\/jobs(\?|$)/.test(req.url ?? "")) return body;
    const page = JSON.parse(body.toString("utf8")) as ListedJobs;
    page.JobList = page.JobList.filter(
      (j) => !(j.ArchiveId === archiveId && j.JobDescription?.endsWith(`attempt 1 archive ${archiveId}`)),
    );
    return Buffer.from(JSON.stringify(page));
  });
}

describeEachDialect("a job listed after its attempt was given up", (dialect) => {
  async function givenUp() {
    const { db } = await dialect.open();
    const { plan, options: base } = await createKitPlan(kit, db, { maxInFlight: ARCHIVES });
    const relayed: AccountTarget = { ...kit.target, endpoint: relay.url, version: "relayed" };
    const clock = { ahead: 0 };
    const options = {
      ...base,
      resolveTarget: () => Promise.resolve(relayed),
      clock: () => new Date(Date.now() + clock.ahead),
    };
    // The first archive in plan order is initiated first: its answer is the one lost.
    const [first] = (await listPlanItems(plan.id, { offset: 0, limit: 1 }, { db })).items;
    const archive = kit.archives.find((a) => a.archiveId === first?.archiveId);
    if (!archive) throw new Error("no first archive");
    const listing = { shown: false };
    hideFirstAttempt(archive.archiveId, () => listing.shown);
    kit.emulator.emulator.faults.failNext("InitiateJob", "ConnectionDropped", 1);
    await runUntil(plan.id, options, (p) => p.counts.verified === ARCHIVES - 1);
    return { db, plan, options, clock, archive, listing };
  }

  const attempt1Holder = async (
    db: Awaited<ReturnType<typeof givenUp>>["db"],
    planId: string,
    archiveId: string,
  ) =>
    (
      await db
        .selectFrom("jobs")
        .select("glacier_job_id")
        .where("idempotency_key", "=", planJobKey(planId, archiveId, 1))
        .executeTakeFirst()
    )?.glacier_job_id ?? null;

  it("after the next attempt was sent: the late job is adopted under its attempt and its cost counted again, once", async () => {
    const { db, plan, options, clock, archive, listing } = await givenUp();
    try {
      // An hour on, nothing listed: the estimate is given back and attempt 2 sent.
      clock.ahead = HOUR + 60_000;
      await runPlanStep({ planId: plan.id }, running, options);
      const [item] = (await listPlanItems(plan.id, { offset: 0, limit: 1 }, { db })).items;
      expect(item).toMatchObject({ archiveId: archive.archiveId, attempts: 2, status: "requested" });
      expect((await getPlan(plan.id, { db }))?.spentUsd).toBeCloseTo(allCost(), 12);
      expect((await retrievalsPerArchive(kit, plan.id)).get(archive.archiveId)).toBe(2);
      expect(await attempt1Holder(db, plan.id, archive.archiveId)).toBeNull();

      // Glacier lists attempt 1's job after all: adopted at the next look (every 30 minutes).
      listing.shown = true;
      clock.ahead += 31 * 60_000;
      await runPlanStep({ planId: plan.id }, running, options);
      const paid = allCost() + costOf(archive.size);
      expect((await getPlan(plan.id, { db }))?.spentUsd).toBeCloseTo(paid, 12);
      expect(await attempt1Holder(db, plan.id, archive.archiveId)).not.toBeNull();
      // Looked at again later: counted once.
      clock.ahead += 31 * 60_000;
      await runPlanStep({ planId: plan.id }, running, options);
      expect((await getPlan(plan.id, { db }))?.spentUsd).toBeCloseTo(paid, 12);

      const done = await runUntil(plan.id, options);
      expect(done).toMatchObject({ status: "completed", counts: { verified: ARCHIVES, failed: 0 } });
      expect(done.spentUsd).toBeCloseTo(paid, 12);
      // Both jobs Glacier billed for that archive are Thaw's and counted: nothing untracked.
      expect((await retrievalsPerArchive(kit, plan.id)).get(archive.archiveId)).toBe(2);
    } finally {
      relay.rewriteAnswers(null);
    }
  });

  it("while the archive waits for its next attempt: the late job is used, no second job is paid", async () => {
    const { db, plan, options, clock, archive, listing } = await givenUp();
    try {
      // Paused: the given-up archive goes back to pending and no new attempt is sent.
      await pausePlan(plan.id, { db });
      clock.ahead = HOUR + 60_000;
      await runPlanStep({ planId: plan.id }, running, options);
      const [item] = (await listPlanItems(plan.id, { offset: 0, limit: 1 }, { db })).items;
      expect(item).toMatchObject({ archiveId: archive.archiveId, attempts: 2, status: "pending" });

      listing.shown = true;
      clock.ahead += 31 * 60_000;
      await runPlanStep({ planId: plan.id }, running, options);
      const [adopted] = (await listPlanItems(plan.id, { offset: 0, limit: 1 }, { db })).items;
      expect(adopted?.status).toBe("requested");
      expect(adopted?.glacierJobId).toBe(await attempt1Holder(db, plan.id, archive.archiveId));

      await resumePlan(plan.id, { db });
      const done = await runUntil(plan.id, options);
      expect(done).toMatchObject({ status: "completed", counts: { verified: ARCHIVES, failed: 0 } });
      expect(done.spentUsd).toBeCloseTo(allCost(), 12);
      const jobs = await retrievalsPerArchive(kit, plan.id);
      expect([...jobs.values()]).toEqual(Array.from({ length: ARCHIVES }, () => 1));
    } finally {
      relay.rewriteAnswers(null);
    }
  });

  it("an unanswered job a vault sync imported first (as started elsewhere) is still the attempt's: one record, no second job", async () => {
    const { db } = await dialect.open();
    const { plan, options } = await createKitPlan(kit, db, { maxInFlight: ARCHIVES });
    kit.emulator.emulator.faults.failNext("InitiateJob", "ConnectionDropped", 1);
    await runPlanStep({ planId: plan.id }, running, options);
    // The claim is uncertain, not submitting: the sync imports the listed job as someone else's.
    const sync = await runVaultSync(kit.target.id, {
      db,
      loadTarget: () => Promise.resolve(kit.target),
      schedule: () => Promise.resolve(),
    });
    expect(sync.ran).toBe(true);
    const imported = await db
      .selectFrom("jobs")
      .select("id")
      .where("idempotency_key", "is", null)
      .where("description", "like", `Thaw plan ${plan.id}%`)
      .execute();
    expect(imported.length).toBe(1);
    const done = await runUntil(plan.id, options);
    expect(done).toMatchObject({ status: "completed", counts: { verified: ARCHIVES, failed: 0 } });
    expect(done.spentUsd).toBeCloseTo(allCost(), 12);
    const jobs = await retrievalsPerArchive(kit, plan.id);
    expect([...jobs.values()]).toEqual(Array.from({ length: ARCHIVES }, () => 1));
    const { items } = await listPlanItems(plan.id, { offset: 0, limit: 100 }, { db });
    expect(items.map((i) => i.attempts)).toEqual(items.map(() => 1));
    // One record per job, each under its attempt's key.
    const records = await db
      .selectFrom("jobs")
      .select(["glacier_job_id", "idempotency_key"])
      .where(
        "glacier_job_id",
        "in",
        items.map((i) => i.glacierJobId ?? ""),
      )
      .execute();
    expect(records.map((r) => r.idempotency_key).sort()).toEqual(
      items.map((i) => planJobKey(plan.id, i.archiveId, 1)).sort(),
    );
  });
});
