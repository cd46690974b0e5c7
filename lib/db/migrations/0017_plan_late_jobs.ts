import { type Kysely } from "kysely";

/**
 * Issue #13, never paid twice: until when a plan looks in ListJobs for the job of an attempt it gave
 * up on (its InitiateJob got no answer and no such job was listed within the reconciliation window).
 * Such a job may still be listed later; then it is adopted and its cost counted, not left as a second
 * paid job nobody tracks. Null: no attempt was given up, nothing to look for.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("plans").addColumn("late_jobs_until", "text").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("plans").dropColumn("late_jobs_until").execute();
}
