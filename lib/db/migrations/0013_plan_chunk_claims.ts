import { type Kysely } from "kysely";

/**
 * Chunks copied as tasks (issue #14): any replica may run a chunk's `copy-chunk` task, and a runner
 * the queue gave up on (its heartbeat stopped: a stall, a lost connection) may still be writing when
 * the retry starts elsewhere. Each run claims the chunk with a token of its own before it reads; only
 * the run whose token is still on the row may record the chunk done or failed, so a stale runner's
 * late write never wins. Null: no run has claimed the chunk yet.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("plan_chunks").addColumn("claim", "text").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("plan_chunks").dropColumn("claim").execute();
}
