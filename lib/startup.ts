import "server-only";
import { bootstrapAuth } from "./auth/bootstrap";
import { getConfig } from "./config";
import { ensureDemoConnection } from "./connections";
import { getDatabase } from "./db";
import { log } from "./log";
import { registerVaultSyncTask } from "./jobs";
import { runBeforeExitSignals, startPlanWorker } from "./plans";
import { startTaskWorkers } from "./tasks";

/** SIGTERM/SIGINT wait at most this long for the plan worker to hand over its plans. */
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
    const worker = startPlanWorker();
    // Services register their task definitions before this (THAW_WORKER=external: none run here).
    registerVaultSyncTask();
    const tasks = startTaskWorkers();
    // Leave a second of the grace for releasing the leases after the steps under way have stopped.
    runBeforeExitSignals(
      async () => {
        await Promise.all([
          worker.stop({ graceMs: SHUTDOWN_GRACE_MS - 1_000 }),
          // Two seconds left: for the runs still going to be released and pg-boss to stop.
          tasks.stop({ graceMs: SHUTDOWN_GRACE_MS - 2_000 }),
        ]);
        log().info({ owner: worker.owner }, "plan worker stopped; its plans are free for another replica");
      },
      {
        graceMs: SHUTDOWN_GRACE_MS,
        onProblem: (problem) => log().warn({ problem }, "plan worker shutdown"),
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
