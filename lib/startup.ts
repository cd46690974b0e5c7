import "server-only";
import { bootstrapAuth } from "./auth/bootstrap";
import { getConfig } from "./config";
import { ensureDemoConnection } from "./connections";
import { getDatabase } from "./db";
import { log } from "./log";
import { registerInventoryImportTask, registerVaultSyncTask } from "./jobs";
import { enqueueDrivenPlans, registerPlanTasks, runBeforeExitSignals } from "./plans";
import { startTaskWorkers } from "./tasks";

/** SIGTERM/SIGINT wait at most this long for the task workers to put their tasks back. */
const SHUTDOWN_GRACE_MS = 5_000;

/**
 * Runs once at server start. A bad configuration or an unreachable database stops the process with a
 * message naming the problem, rather than serving pages that fail one by one.
 */
export async function startup(): Promise<void> {
  try {
    const config = getConfig();
    const database = await getDatabase();
    if (config.demo) await ensureDemoConnection(config.demo);
    await bootstrapAuth();
    // Services register their task definitions before this (THAW_WORKER=external: none run here).
    registerVaultSyncTask();
    registerInventoryImportTask();
    registerPlanTasks();
    await enqueueDrivenPlans();
    const workers = startTaskWorkers();
    runBeforeExitSignals(
      async () => {
        // Two seconds left: for the runs still going to be released and pg-boss to stop.
        await workers.stop({ graceMs: SHUTDOWN_GRACE_MS - 2_000 });
        log().info("task workers stopped; their tasks are free for another replica");
      },
      {
        graceMs: SHUTDOWN_GRACE_MS,
        onProblem: (problem) => log().warn({ problem }, "task workers shutdown"),
      },
    );
    log().info(
      { dialect: database.dialect, demo: Boolean(config.demo), dataDir: config.dataDir },
      "thaw ready",
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Written plainly to stderr as well: the logger itself may be what failed to configure.
    console.error(`Thaw cannot start: ${message}`);
    process.exit(1);
  }
}
