import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { describeEachDialect } from "@/tests/support/db";
import { directoryPlan, type DirectoryPlan, offlineTarget } from "@/tests/support/plan-fixtures";
import { claimManifestWrite, MANIFEST_EVERY_MS, manifestDue, runManifestWrite } from "./manifest-task";
import { MANIFEST_NAME } from "./ordering";

it("is due every 5 minutes, and never sooner than ten times its last write's length", () => {
  expect(manifestDue({ at: 0, ms: 1_000 }, MANIFEST_EVERY_MS - 1)).toBe(false);
  expect(manifestDue({ at: 0, ms: 1_000 }, MANIFEST_EVERY_MS)).toBe(true);
  // A write of 270 s (10 M archives on PostgreSQL) is next due 45 min after it started.
  expect(manifestDue({ at: 0, ms: 270_000 }, MANIFEST_EVERY_MS)).toBe(false);
  expect(manifestDue({ at: 0, ms: 270_000 }, 2_699_999)).toBe(false);
  expect(manifestDue({ at: 0, ms: 270_000 }, 2_700_000)).toBe(true);
});

it("is asked for once per due time: the first step only starts the clock", () => {
  const plan = `plan-${Math.random()}`;
  expect(claimManifestWrite(plan, 0)).toBe(false);
  expect(claimManifestWrite(plan, MANIFEST_EVERY_MS - 1)).toBe(false);
  expect(claimManifestWrite(plan, MANIFEST_EVERY_MS)).toBe(true);
  expect(claimManifestWrite(plan, MANIFEST_EVERY_MS + 1)).toBe(false);
});

describeEachDialect("the plan-manifest task", (dialect) => {
  let made: DirectoryPlan | undefined;
  afterEach(() => made?.remove());

  it("writes the plan's manifest to its destination, every archive listed", async () => {
    const { db } = await dialect.open();
    made = await directoryPlan(db, ["a/1.bin", "a/2.bin", "b/3.bin"], {}, { firstItems: 2 });
    await runManifestWrite(
      { planId: made.plan.id },
      { signal: new AbortController().signal },
      {
        db,
        exportRoots: [made.exportRoot],
        resolveTarget: (id) => Promise.resolve(offlineTarget(id)),
      },
    );
    const text = fs.readFileSync(path.join(made.exportRoot, "out", MANIFEST_NAME), "utf8");
    expect(text.trim().split("\n")).toHaveLength(4);
    // Its next write is due only after MANIFEST_EVERY_MS (or ten times this write's length).
    expect(claimManifestWrite(made.plan.id)).toBe(false);
  });
});
