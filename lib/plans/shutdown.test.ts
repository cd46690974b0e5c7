import { describe, expect, it } from "vitest";
import { describeEachDialect } from "@/tests/support/db";
import { createPlanWorker } from "./worker";
import { runFixture as run, until } from "@/tests/support/fixture-process";
import { createKitPlan, retrievalsPerArchive, runUntil, tickOptions } from "@/tests/support/plans-kit";
import { kitForFile } from "@/tests/support/plans-kit-suite";

describe("runBeforeExitSignals in a real process", () => {
  it("runs stop to its end before the server's own exit listener, then exits as that listener does", async () => {
    const child = run("next", "5000", "300");
    await until(() => child.lines.includes("ready"));
    child.process.kill("SIGTERM");
    expect(await child.exited).toEqual({ code: 143, signal: null });
    expect(child.lines).toEqual(["ready", "stop-begin", "stop-end", "next-cleanup"]);
  });

  it("does not hold the exit for longer than the grace when stop hangs", async () => {
    const child = run("next", "300", "hang");
    await until(() => child.lines.includes("ready"));
    const signalled = Date.now();
    child.process.kill("SIGTERM");
    expect(await child.exited).toEqual({ code: 143, signal: null });
    const took = Date.now() - signalled;
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(3_000);
    expect(child.lines).toEqual([
      "ready",
      "stop-begin",
      "problem: shutdown took longer than 300 ms; exiting anyway",
      "next-cleanup",
    ]);
  });

  it("with nobody else listening, ends the process by the signal itself after stop", async () => {
    const child = run("alone", "5000", "50");
    await until(() => child.lines.includes("ready"));
    child.process.kill("SIGINT");
    expect(await child.exited).toEqual({ code: null, signal: "SIGINT" });
    expect(child.lines).toEqual(["ready", "stop-begin", "stop-end"]);
  });
});

const kit = kitForFile(8);

describeEachDialect("a plan worker told to stop by SIGTERM", (dialect) => {
  it("hands its plan over at once: the lease is released, the next replica finishes, nothing twice", async () => {
    const { db } = await dialect.open();
    const { plan, options } = await createKitPlan(kit, db, { maxInFlight: 8 });
    const child = run(
      "worker",
      JSON.stringify({ database: dialect.options(), target: kit.target, owner: "replica-a" }),
    );
    try {
      // Wait until it drives the plan with jobs in flight (the default 30 s lease is then held).
      await until(async () => {
        const row = await db
          .selectFrom("plans")
          .select("lease_owner")
          .where("id", "=", plan.id)
          .executeTakeFirst();
        const moving = await db
          .selectFrom("plan_items")
          .select("archive_id")
          .where("plan_id", "=", plan.id)
          .where("status", "!=", "pending")
          .executeTakeFirst();
        return row?.lease_owner === "replica-a" && moving !== undefined;
      }, 30_000);
      child.process.kill("SIGTERM");
      const exit = await child.exited;
      expect(exit.signal).toBe("SIGTERM");
      expect(child.lines).toContain("stopped");
    } finally {
      child.process.kill("SIGKILL");
    }
    const left = await db
      .selectFrom("plans")
      .select(["lease_owner", "lease_expires_at"])
      .where("id", "=", plan.id)
      .executeTakeFirstOrThrow();
    expect(left).toEqual({ lease_owner: null, lease_expires_at: null });
    const done = await runUntil(plan.id, options, undefined, undefined, "replica-b");
    expect(done).toMatchObject({ status: "completed", counts: { verified: 8 } });
    expect([...(await retrievalsPerArchive(kit, plan.id)).values()].every((n) => n === 1)).toBe(true);
  });

  it("keeps the lease of a step that outlives the grace (it expires as a crash's would)", async () => {
    const { db } = await dialect.open();
    const { plan } = await createKitPlan(kit, db);
    let unblock: () => void = () => undefined;
    const blocked = new Promise<typeof kit.target>((resolve) => (unblock = () => resolve(kit.target)));
    const worker = createPlanWorker({
      ...tickOptions(kit, db),
      owner: "stuck",
      tickMs: 10,
      resolveTarget: () => blocked,
    });
    try {
      await until(
        async () =>
          (await db.selectFrom("plans").select("lease_owner").where("id", "=", plan.id).executeTakeFirst())
            ?.lease_owner === "stuck",
      );
      const started = Date.now();
      await worker.stop({ graceMs: 100 });
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(
        (await db.selectFrom("plans").select("lease_owner").where("id", "=", plan.id).executeTakeFirst())
          ?.lease_owner,
      ).toBe("stuck");
    } finally {
      unblock();
    }
  });
});
