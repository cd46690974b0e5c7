import "server-only";
import { type DbOptions } from "@/lib/db";
import { defineTask, enqueueTask, type TaskDefinition } from "@/lib/tasks";
import { type EnqueueVaultSync } from "./live";
import { connectionTargetLoader, type LoadTarget } from "./load-target";
import { runVaultSync } from "./vault-sync";

/**
 * The `vault-sync` task (lib/tasks): one queued and one running per connection ("stately", keyed by
 * the connection), so a run can queue its successor while it still runs, and a page's request made
 * while a run is queued adds nothing. vault_sync_state keeps the sync to one at a time even if the
 * queue delivered a run twice.
 */

export type VaultSyncPayload = { connectionId: string };

export type VaultSyncTaskOptions = DbOptions & {
  enqueue: EnqueueVaultSync;
  loadTarget?: LoadTarget;
  /** Milliseconds since the epoch (tests move it by hand). */
  now?: () => number;
};

/** The task's definition; the process registers it with the queue's own enqueue, tests with theirs. */
export function vaultSyncTask(options: VaultSyncTaskOptions): TaskDefinition<VaultSyncPayload> {
  const { enqueue, loadTarget = connectionTargetLoader(options), now = Date.now } = options;
  return {
    name: "vault-sync",
    policy: "stately",
    // Every run schedules the next; a failed one is retried soon, then parked with its error.
    retryLimit: 3,
    retryDelaySeconds: 30,
    heartbeatSeconds: 30,
    // A sweep of 50 vaults × 20 pages is about a thousand calls; the lease is renewed as it goes.
    expireInSeconds: 15 * 60,
    run: async ({ connectionId }, context) => {
      await runVaultSync(connectionId, {
        db: options.db,
        now: new Date(now()),
        loadTarget,
        schedule: (seconds) => enqueue(connectionId, seconds),
        signal: context.signal,
        heartbeat: context.heartbeat,
      });
    },
  };
}

export const enqueueVaultSync: EnqueueVaultSync = (connectionId, startAfterSeconds) =>
  enqueueTask<VaultSyncPayload>(
    "vault-sync",
    { connectionId },
    { singletonKey: connectionId, startAfterSeconds },
  );

/** At startup, before the task workers start (lib/startup.ts). */
export function registerVaultSyncTask(): void {
  defineTask(vaultSyncTask({ enqueue: enqueueVaultSync }));
}
