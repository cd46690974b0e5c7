import { describe, expect, it } from "vitest";
import { describeEachDialect } from "@/tests/support/db";
import { runFixture as run, until } from "@/tests/support/fixture-process";
import { createKitPlan, retrievalsPerArchive, runUntil } from "@/tests/support/plans-kit";
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

describeEachDialect("task workers told to stop by SIGTERM", (dialect) => {
  it("stop, and another process finishes the plan from what they left, nothing initiated twice", async () => {
    const { db } = await dialect.open();
    const { plan, options } = await createKitPlan(kit, db, { maxInFlight: 8 });
    const child = run("worker", JSON.stringify({ database: dialect.options(), target: kit.target }));
    try {
      // Wait until it drives the plan: jobs in flight.
      await until(async () => {
        const moving = await db
          .selectFrom("plan_items")
          .select("archive_id")
          .where("plan_id", "=", plan.id)
          .where("status", "!=", "pending")
          .executeTakeFirst();
        return moving !== undefined;
      }, 30_000);
      child.process.kill("SIGTERM");
      const exit = await child.exited;
      expect(exit.signal).toBe("SIGTERM");
      expect(child.lines).toContain("stopped");
    } finally {
      child.process.kill("SIGKILL");
    }
    const done = await runUntil(plan.id, { ...options, copyStallMs: 0 });
    expect(done).toMatchObject({ status: "completed", counts: { verified: 8 } });
    expect([...(await retrievalsPerArchive(kit, plan.id)).values()].every((n) => n === 1)).toBe(true);
  });
});
