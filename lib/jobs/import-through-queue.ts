import "server-only";
import { defineTask, drainTasks } from "@/lib/tasks";
import { inventoryImportTask, requestInventoryImport } from "./inventory-import-task";
import { type OutputSource } from "./output";
import { storedTasksOfJob } from "./output-progress";
import { type TaskProgress } from "./view-types";

/**
 * Tests: asks for the source's inventory import as a page does and runs it through the queue of the
 * source's database (lib/tasks' drain), as a worker or Vercel's cron would; the stored outcome.
 */
export async function importThroughQueue(source: OutputSource, budgetMs = 30_000): Promise<TaskProgress> {
  defineTask(inventoryImportTask({ db: source.db, loadTarget: () => Promise.resolve(source.target) }));
  await requestInventoryImport(source);
  await drainTasks({ db: source.db, budgetMs });
  const stored = (await storedTasksOfJob(source.db, source.jobRecordId)).find(
    (t) => t.kind === "inventory-import",
  );
  if (!stored || stored.state === "running") throw new Error("the inventory import did not finish");
  return stored;
}
