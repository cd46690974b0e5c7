import { expect, it } from "vitest";
import { describeEachDialect } from "@/tests/support/db";
import { cancelPlan, pausePlan, retryFailedItems } from "./control";
import { PlanStateError } from "./errors";
import { getPlan } from "./queries";
import { createKitPlan, runUntil } from "@/tests/support/plans-kit";
import { kitForFile } from "@/tests/support/plans-kit-suite";

const kit = kitForFile(3);
const actor = { id: null, email: "ops@example.com" };

describeEachDialect("plan controls", (dialect) => {
  it("retries failed items: from their output while it lasts, else as new attempts; audited with the plan change", async () => {
    const { db } = await dialect.open();
    const { plan, form, options } = await createKitPlan(kit, db, { maxInFlight: 3 });
    expect((await runUntil(plan.id, options)).status).toBe("completed");
    const [gone, kept] = await db
      .selectFrom("plan_items")
      .selectAll()
      .where("plan_id", "=", plan.id)
      .orderBy("seq")
      .limit(2)
      .execute();
    if (!gone || !kept) throw new Error("the plan has too few items");
    expect(gone.glacier_job_id).not.toBeNull();
    expect(kept.expires_at && kept.expires_at > new Date().toISOString()).toBe(true);
    const failHere = (archiveId: string, expiresAt: string | null) =>
      db
        .updateTable("plan_items")
        .set({ status: "failed", error: "broken on purpose", expires_at: expiresAt })
        .where("plan_id", "=", plan.id)
        .where("archive_id", "=", archiveId)
        .execute();
    await failHere(gone.archive_id, "2020-01-01T00:00:00.000Z");
    await failHere(kept.archive_id, kept.expires_at);

    expect(await retryFailedItems(plan.id, { db, actor })).toBe(2);
    const itemOf = (archiveId: string) =>
      db
        .selectFrom("plan_items")
        .selectAll()
        .where("plan_id", "=", plan.id)
        .where("archive_id", "=", archiveId)
        .executeTakeFirstOrThrow();
    // Its output expired: a new attempt, so a new job.
    expect(await itemOf(gone.archive_id)).toMatchObject({
      status: "pending",
      attempts: gone.attempts + 1,
      error: null,
      job_record_id: null,
      glacier_job_id: null,
      job_completed_at: null,
      expires_at: null,
      next_check_at: null,
      upload_id: null,
    });
    // Its output still there: copied again from it, the job is not paid twice.
    expect(await itemOf(kept.archive_id)).toMatchObject({
      status: "requested",
      attempts: kept.attempts,
      error: null,
      glacier_job_id: kept.glacier_job_id,
      job_completed_at: kept.job_completed_at,
      expires_at: kept.expires_at,
      upload_id: null,
    });
    expect((await getPlan(plan.id, options))?.status).toBe("running");

    await pausePlan(plan.id, { db, actor });
    const audit = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "plan.change")
      .where("target", "=", plan.id)
      .orderBy("id")
      .execute();
    const details = audit.map((r) => JSON.parse(r.details) as Record<string, unknown>);
    expect(details).toEqual([
      { change: "retry-failed", items: 2 },
      { change: "pause", from: "running", previousCapUsd: form.capUsd, status: "paused" },
    ]);
    expect(audit.every((r) => r.actor_email === actor.email && r.connection_id === kit.target.id)).toBe(true);

    await cancelPlan(plan.id, { ...options, actor });
    await expect(retryFailedItems(plan.id, { db, actor })).rejects.toBeInstanceOf(PlanStateError);
  });
});
