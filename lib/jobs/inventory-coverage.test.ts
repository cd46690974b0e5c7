import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type AccountTarget } from "@/lib/aws/vaults";
import { type DbOptions } from "@/lib/db";
import { type JobParametersBody } from "@/lib/glacier/schemas/job-common";
import {
  comparableVersion,
  coverageKind,
  diffWithComparable,
  type InventoryCoverage,
  listInventories,
} from "@/lib/inventory";
import { emulatorTarget } from "@/tests/support/emulator-target";
import { describeEachDialect } from "@/tests/support/db";
import { startTestEmulator, type TestEmulator } from "@/emulator/testing/harness";
import { importThroughQueue } from "./import-through-queue";
import { getJobRow } from "./job-rows";
import { resolveOutput } from "./output";
import { syncJobs } from "./sync";
import { submitJob } from "./submit";

/**
 * Issue #16 item 1 against the emulator's demo `reports` vault (5 archives created 1400, 1050, 950,
 * 860 and 800 days ago): an inventory records what it covers (api-InventoryRetrievalJobInput.html),
 * a windowed one is compared only with the window's part of a whole one, and the pages of a
 * Limit/Marker run become one catalog version when the last page arrives.
 */

// A 4-hour inventory job takes 72 ms here.
let emulator: TestEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator({ seed: "demo", timeScale: 200_000, minRetentionSeconds: 600 });
});
afterAll(async () => {
  await emulator.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const VAULT = "reports";
const daysAgo = (days: number) =>
  new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10) + "T00:00:00Z";

/** Submits an inventory job as the wizard does, waits for it, imports its output; the task's message. */
async function importInventoryJob(
  db: NonNullable<DbOptions["db"]>,
  target: AccountTarget,
  range: Record<string, string>,
): Promise<{ message: string; coverage: InventoryCoverage; inventoryId: string }> {
  const parameters: JobParametersBody = {
    Type: "inventory-retrieval",
    Format: "JSON",
    ...(Object.keys(range).length > 0 ? { InventoryRetrievalParameters: range } : {}),
  };
  const outcome = await submitJob(
    { target, idempotencyKey: randomUUID(), vaultName: VAULT, parameters, estimate: null, submittedBy: null },
    { db },
  );
  if (outcome.kind !== "submitted") throw new Error(`not submitted: ${outcome.kind}`);
  const jobId = outcome.glacierJobId;
  for (let i = 0; i < 200; i++) {
    await syncJobs(target, { db });
    if ((await getJobRow(target.id, jobId, { db }))?.status_code === "Succeeded") break;
    await sleep(25);
  }
  const source = await resolveOutput(target, jobId, { db });
  const task = await importThroughQueue(source);
  if (task.state !== "done") throw new Error(task.message ?? "import failed");
  return {
    message: task.message ?? "",
    coverage: source.inventoryCoverage,
    inventoryId: String(task.result),
  };
}

describeEachDialect("inventory coverage", (dialect) => {
  it("records a window, and compares it only with the window's part of the whole vault: no false removals", async () => {
    const { db } = await dialect.open();
    const target = emulatorTarget(emulator.emulator.url);
    const whole = await importInventoryJob(db, target, {});
    expect(coverageKind(whole.coverage)).toBe("vault");
    // The three archives created 1050, 950 and 860 days ago.
    const window = { StartDate: daysAgo(1100), EndDate: daysAgo(830) };
    const windowed = await importInventoryJob(db, target, window);
    expect(windowed.coverage).toMatchObject({ startDate: window.StartDate, endDate: window.EndDate });

    const versions = await listInventories(target.id, VAULT, { db });
    const current = versions.find((v) => v.id === windowed.inventoryId);
    if (!current) throw new Error("windowed version missing");
    expect(current.archiveCount).toBe(3);
    expect(coverageKind(current.coverage)).toBe("window");
    expect(comparableVersion(versions, current)?.previous.id).toBe(whole.inventoryId);

    const diff = await diffWithComparable(current, { db });
    expect(diff).toMatchObject({ added: { count: 0 }, removed: { count: 0 } });
    expect(diff?.window).toMatchObject({ startDate: window.StartDate });

    // A whole-vault inventory after the window is compared with the whole one, not with the window.
    const again = await importInventoryJob(db, target, {});
    const latest = (await listInventories(target.id, VAULT, { db })).find((v) => v.id === again.inventoryId);
    if (!latest) throw new Error("latest version missing");
    const next = await diffWithComparable(latest, { db });
    expect(next?.previous.id).toBe(whole.inventoryId);
    expect(next).toMatchObject({ added: { count: 0 }, removed: { count: 0 }, window: null });
  });

  it("merges the pages of a Limit/Marker run into one whole-vault version when the last page arrives", async () => {
    const { db } = await dialect.open();
    const target = emulatorTarget(emulator.emulator.url);
    const first = await importInventoryJob(db, target, { Limit: "2" });
    expect(first.coverage).toMatchObject({ limit: 2, startMarker: null });
    expect(first.coverage.nextMarker).not.toBeNull();
    const second = await importInventoryJob(db, target, {
      Limit: "2",
      Marker: first.coverage.nextMarker ?? "",
    });
    expect(second.coverage.nextMarker).not.toBeNull();
    expect(second.message).not.toMatch(/merged/);
    const last = await importInventoryJob(db, target, {
      Limit: "2",
      Marker: second.coverage.nextMarker ?? "",
    });
    expect(last.coverage.nextMarker).toBeNull();
    expect(last.message).toMatch(/3 pages are merged into one catalog version of 5 archives/);

    const versions = await listInventories(target.id, VAULT, { db });
    const pages = versions.filter((v) => coverageKind(v.coverage) === "page");
    expect(pages.map((v) => v.archiveCount).sort()).toEqual([1, 2, 2]);
    const merged = versions.filter((v) => coverageKind(v.coverage) === "vault");
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ archiveCount: 5 });
    // A page is compared with nothing but the same page.
    const lastPage = versions.find((v) => v.id === last.inventoryId);
    expect(lastPage && comparableVersion(versions, lastPage)).toBeNull();
  });
});
