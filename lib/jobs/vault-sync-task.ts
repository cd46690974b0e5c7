import "server-only";
import { targetForConnection } from "@/lib/aws/connection-target";
import { type AccountTarget } from "@/lib/aws/vaults";
import { getConnection } from "@/lib/connections";
import { log } from "@/lib/log";
import { type EnqueueVaultSync } from "./live";
import { runVaultSync } from "./vault-sync";

/**
 * The `vault-sync` task's wiring: how a run is put in the queue and what a run loads. Until the
 * durable queue (lib/tasks) is in, a run is a timer of this process; the schedule it keeps in
 * vault_sync_state already holds across replicas.
 */

async function loadTarget(connectionId: string): Promise<AccountTarget | undefined> {
  const connection = await getConnection(connectionId);
  return connection ? targetForConnection(connection) : undefined;
}

async function runNow(connectionId: string): Promise<void> {
  try {
    await runVaultSync(connectionId, {
      loadTarget,
      schedule: (seconds) => enqueueVaultSync(connectionId, seconds),
    });
  } catch (error) {
    log().warn(
      { connectionId, detail: error instanceof Error ? error.message : String(error) },
      "vault sync run failed",
    );
  }
}

export const enqueueVaultSync: EnqueueVaultSync = (connectionId, startAfterSeconds) => {
  setTimeout(() => void runNow(connectionId), startAfterSeconds * 1000).unref();
  return Promise.resolve();
};
