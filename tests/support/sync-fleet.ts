/**
 * Test helper: replicas watching one connection over simulated time, for the vault-sync tests and
 * the bench. Every replica has the jobs page's live feed open (it asks for a sync at open and every
 * FEED_ASK_MS) and a task runner. The queue is the worst one possible: every run it holds is handed
 * to EVERY replica at once, so nothing but Thaw's own tables can keep the sync to one per
 * connection. Time is a number moved by hand; nothing waits on the wall clock.
 */
import { type Kysely } from "kysely";
import { type AccountTarget } from "@/lib/aws/vaults";
import { type Database } from "@/lib/db";
import { FEED_ASK_MS, requestVaultSync, runVaultSync, type VaultSyncOutcome } from "@/lib/jobs";

export type SyncFleetOptions = {
  connectionId: string;
  target: AccountTarget;
  /** One database handle per replica (the same handle twice is two runners in one process). */
  replicas: Kysely<Database>[];
};

export class SyncFleet {
  /** Simulated times (ms) of the runs enqueued and not yet run. */
  readonly queue: number[] = [];
  readonly outcomes: VaultSyncOutcome[] = [];

  constructor(private readonly options: SyncFleetOptions) {}

  /** The first replica's database, to read what the fleet recorded. */
  replicasDb(): Kysely<Database> {
    const [first] = this.options.replicas;
    if (!first) throw new Error("a fleet needs at least one replica");
    return first;
  }

  private enqueueAt(now: number, startAfterSeconds: number): void {
    this.queue.push(now + startAfterSeconds * 1000);
    this.queue.sort((a, b) => a - b);
  }

  /** Every replica's feed asks for a sync, as a page opening (or its periodic ask) does. */
  async watch(now: number): Promise<void> {
    for (const db of this.options.replicas)
      await requestVaultSync(this.options.connectionId, {
        db,
        now: new Date(now),
        enqueue: (_connection, seconds) => Promise.resolve(this.enqueueAt(now, seconds)),
      });
  }

  /** Runs every queued run due by `now`, each on every replica at the same time. */
  async runDue(now: number): Promise<void> {
    while (this.queue.length > 0 && (this.queue[0] ?? Infinity) <= now) {
      this.queue.shift();
      const outcomes = await Promise.all(
        this.options.replicas.map((db) =>
          runVaultSync(this.options.connectionId, {
            db,
            now: new Date(now),
            loadTarget: () => Promise.resolve(this.options.target),
            schedule: (seconds) => Promise.resolve(this.enqueueAt(now, seconds)),
          }),
        ),
      );
      this.outcomes.push(...outcomes.filter((o) => o.ran));
    }
  }

  /**
   * Moves time from `from` to `to` (exclusive) in `stepMs` steps; with `watching`, the feeds ask at
   * `from` and every FEED_ASK_MS after it. `onStep` runs first at each step (a test's own events).
   */
  async simulate(
    from: number,
    to: number,
    options: { watching: boolean; stepMs?: number; onStep?: (now: number) => Promise<void> },
  ): Promise<void> {
    const step = options.stepMs ?? 10_000;
    for (let now = from; now < to; now += step) {
      await options.onStep?.(now);
      if (options.watching && (now - from) % FEED_ASK_MS === 0) await this.watch(now);
      await this.runDue(now);
    }
  }
}
