import "server-only";
import { type DbOptions, dbOf } from "@/lib/db";
import { defineTask, enqueueTask, type TaskDefinition } from "@/lib/tasks";
import { runInventoryImport } from "./inventory-tasks";
import { connectionTargetLoader, type LoadTarget } from "./load-target";
import { type OutputSource, OutputUnavailableError, resolveOutput } from "./output";
import { queueStoredTask, startStoredRun } from "./output-progress";
import { type TaskProgress } from "./view-types";

/**
 * Importing an inventory as a queued task (issue #14): any replica (or Vercel's drain) runs it, a
 * replica that dies mid-import has it run again elsewhere (the import is one transaction, so the
 * rerun starts whole), and its progress is stored for every replica's job page
 * (./output-progress.ts). On SQLite the process's own worker runs it, as every task.
 */

export type InventoryImportPayload = { connectionId: string; glacierJobId: string; jobRecordId: string };

/** Asks for the import of the source's inventory; answers the run that is (now) queued or running. */
export async function requestInventoryImport(source: OutputSource): Promise<TaskProgress> {
  const { progress } = await queueStoredTask(
    source.db,
    source.jobRecordId,
    "inventory-import",
    source.size,
    (trx) =>
      enqueueTask<InventoryImportPayload>(
        "inventory-import",
        {
          connectionId: source.target.id,
          glacierJobId: source.glacierJobId,
          jobRecordId: source.jobRecordId,
        },
        { singletonKey: source.jobRecordId },
        trx,
      ),
  );
  return progress;
}

async function sourceOf(
  payload: InventoryImportPayload,
  loadTarget: LoadTarget,
  options: DbOptions,
): Promise<OutputSource> {
  const target = await loadTarget(payload.connectionId);
  if (!target) throw new OutputUnavailableError(404, "The job's connection was removed.");
  return resolveOutput(target, payload.glacierJobId, options);
}

/** The task's definition; startup registers it with the process's database, tests with theirs. */
export function inventoryImportTask(
  options: DbOptions & { loadTarget?: LoadTarget } = {},
): TaskDefinition<InventoryImportPayload> {
  const loadTarget = options.loadTarget ?? connectionTargetLoader(options);
  return {
    name: "inventory-import",
    // Asked again once the stored run is done, while its task is still being completed: that one is
    // queued behind it (one queued and one running per job), not refused as a duplicate.
    policy: "stately",
    // A failed import is reported on the job page and not retried by itself (the person imports
    // again); a run cut by a dead process or the drain's budget is taken back and runs whole again.
    retryLimit: 2,
    retryDelaySeconds: 10,
    heartbeatSeconds: 30,
    // A 10 M-archive inventory (a few GB) imports in minutes; the heartbeat keeps a long one alive.
    expireInSeconds: 4 * 60 * 60,
    run: async (payload, context) => {
      const db = await dbOf(options);
      let lastBeat = 0;
      const run = await startStoredRun(db, payload.jobRecordId, "inventory-import", async () => {
        if (Date.now() - lastBeat < 10_000) return;
        lastBeat = Date.now();
        await context.heartbeat();
      });
      try {
        const source = await sourceOf(payload, loadTarget, { db });
        await run.finish({ ok: true, value: await runInventoryImport(source, run.reporter, context.signal) });
      } catch (error) {
        // Stopped (shutdown, the drain's budget): the queue runs it again; the row stays running.
        context.signal.throwIfAborted();
        await run.finish({ ok: false, message: error instanceof Error ? error.message : String(error) });
      }
    },
  };
}

/** At startup, before the task workers start (lib/startup.ts). */
export function registerInventoryImportTask(): void {
  defineTask(inventoryImportTask());
}
