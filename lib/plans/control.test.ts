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
  it("retries failed items as new attempts of a completed plan, audited with the plan change", async () => {
    const { db } = await dialect.open();
    const { plan, form, options } = await createKitPlan(kit, db, { maxInFlight: 3 });
    expect((await runUntil(plan.id, options)).status).toBe("completed");
    const failed = await db
      .selectFrom("plan_items")
      .selectAll()
      .where("plan_id", "=", plan.id)
      .orderBy("seq")
      .executeTakeFirstOrThrow();
    expect(failed.glacier_job_id).not.toBeNull();
    await db
      .updateTable("plan_items")
      .set({ status: "failed", error: "broken on purpose" })
      .where("plan_id", "=", plan.id)
      .where("archive_id", "=", failed.archive_id)
      .execute();

    expect(await retryFailedItems(plan.id, { db, actor })).toBe(1);
    const item = await db
      .selectFrom("plan_items")
      .selectAll()
      .where("plan_id", "=", plan.id)
      .where("archive_id", "=", failed.archive_id)
      .executeTakeFirstOrThrow();
    expect(item).toMatchObject({
      status: "pending",
      attempts: failed.attempts + 1,
      error: null,
      job_record_id: null,
      glacier_job_id: null,
      job_completed_at: null,
      expires_at: null,
      next_check_at: null,
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
      { change: "retry-failed", items: 1 },
      { change: "pause", from: "running", previousCapUsd: form.capUsd, status: "paused" },
    ]);
    expect(audit.every((r) => r.actor_email === actor.email && r.connection_id === kit.target.id)).toBe(true);

    await cancelPlan(plan.id, { db, actor });
    await expect(retryFailedItems(plan.id, { db, actor })).rejects.toBeInstanceOf(PlanStateError);
  });
});
