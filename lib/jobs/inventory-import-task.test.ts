import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "@/emulator/testing/harness";
import { createVault, initiateJob, uploadArchive, waitForJob } from "@/emulator/testing/jobs";
import { type Database } from "@/lib/db";
import { listInventories } from "@/lib/inventory";
import { defineTask, drainTasks } from "@/lib/tasks";
import { describeEachDialect } from "@/tests/support/db";
import { emulatorTarget } from "@/tests/support/emulator-target";
import { type Kysely } from "kysely";
import { importThroughQueue } from "./import-through-queue";
import { inventoryImportTask, requestInventoryImport } from "./inventory-import-task";
import { resolveOutput } from "./output";
import { storedTasksOfJob } from "./output-progress";
import { syncJobs } from "./sync";

/**
 * Issue #14: an inventory import is a queued task (`inventory-import`) that any replica or Vercel's
 * drain runs, with its progress stored for every replica's job page. Run here through lib/tasks' drain
 * of the test's database, as a worker would.
 */

let emulator: TestEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator({ timeScale: 200_000, minRetentionSeconds: 600 });
});
afterAll(() => emulator.stop());

/** A vault of `archives` archives and its finished inventory job, recorded in `db`; its output source. */
async function finishedInventory(db: Kysely<Database>, archives: number) {
  const target = emulatorTarget(emulator.emulator.url);
  const vaultName = `import-${Math.random().toString(36).slice(2, 10)}`;
  await createVault(emulator.client, vaultName);
  for (let i = 0; i < archives; i++) await uploadArchive(emulator.client, vaultName, `archive ${i}`);
  const { jobId } = await initiateJob(emulator.client, vaultName, { Type: "inventory-retrieval" });
  await waitForJob(emulator.client, vaultName, jobId);
  await syncJobs(target, { db });
  return { jobId, source: await resolveOutput(target, jobId, { db }) };
}

async function queuedTasks(db: Kysely<Database>) {
  return db.selectFrom("tasks").select(["name", "state"]).where("name", "=", "inventory-import").execute();
}

describeEachDialect("inventory import as a queued task", (dialect) => {
  it("is queued once however often it is asked for, then imported by the queue's worker", async () => {
    const { db } = await dialect.open();
    const { source } = await finishedInventory(db, 3);
    defineTask(inventoryImportTask({ db, loadTarget: () => Promise.resolve(source.target) }));
    const first = await requestInventoryImport(source);
    const second = await requestInventoryImport(source);
    // The second ask answers the queued run: same start, nothing more in the queue.
    expect(second).toEqual(first);
    expect(first).toMatchObject({ kind: "inventory-import", state: "running", bytes: 0 });
    expect(first.message).toMatch(/^Queued/);
    expect(await queuedTasks(db)).toHaveLength(1);
    // No import happened in the asking: the catalog waits for the worker.
    expect(await listInventories(source.target.id, source.vaultName, { db })).toHaveLength(0);

    expect(await drainTasks({ db, budgetMs: 30_000 })).toMatchObject({ ran: 1, failed: 0 });
    const [done] = await storedTasksOfJob(db, source.jobRecordId);
    expect(done).toMatchObject({ state: "done", items: 3, bytes: source.size, startedAt: first.startedAt });
    expect(done?.message).toBe("Imported 3 archives.");
    const [inventory] = await listInventories(source.target.id, source.vaultName, { db });
    expect(inventory).toMatchObject({ id: done?.result, archiveCount: 3 });
  });

  it("reports a corrupt inventory as failed in the screen's words, keeps nothing, and runs again when asked", async () => {
    const { db } = await dialect.open();
    const { jobId, source } = await finishedInventory(db, 2);
    const output = path.join(emulator.dataDir, "jobs", jobId, "output");
    const whole = readFileSync(output);
    writeFileSync(output, whole.subarray(0, Math.floor(whole.length / 2)));

    const failed = await importThroughQueue(source);
    expect(failed.state).toBe("failed");
    expect(failed.message).toMatch(
      /^The inventory stopped arriving part-way .*Nothing was imported; the catalog is unchanged\./,
    );
    expect(await listInventories(source.target.id, source.vaultName, { db })).toHaveLength(0);
    // Reported, not retried behind the person's back: the task is done with, none waits or is parked.
    expect(await queuedTasks(db)).toEqual([]);

    writeFileSync(output, whole);
    const again = await importThroughQueue(source);
    expect(again).toMatchObject({ state: "done", items: 2, message: "Imported 2 archives." });
    expect(again.startedAt >= failed.startedAt).toBe(true);
  });
});
