import "server-only";
import { dbOf, type DbOptions } from "@/lib/db";
import {
  type CompletionSample,
  type ObservedCompletion,
  summariseCompletionTimes,
} from "@/lib/glacier/completion-time";

/**
 * Completed jobs read to learn how long this connection's jobs take: the newest ones only (through
 * the connection's updated-at index), so the work is the same for ten jobs or ten million.
 */
export const COMPLETION_HISTORY_ROWS = 1000;

/** This connection's observed completion times per job type and tier (empty without history). */
export async function observedCompletionTimes(
  connectionId: string,
  options: DbOptions = {},
): Promise<ObservedCompletion[]> {
  const rows = await (
    await dbOf(options)
  )
    .selectFrom("jobs")
    .select(["job_type", "tier", "glacier_creation_date", "created_at", "completion_date"])
    .where("connection_id", "=", connectionId)
    .where("status_code", "=", "Succeeded")
    .where("completion_date", "is not", null)
    .orderBy("updated_at", "desc")
    .limit(COMPLETION_HISTORY_ROWS)
    .execute();
  const samples = rows.flatMap((row): CompletionSample[] =>
    row.completion_date === null
      ? []
      : [
          {
            jobType: row.job_type,
            tier: row.tier,
            // Glacier's own creation date when it told us; else when Thaw recorded the job.
            createdAt: row.glacier_creation_date ?? row.created_at,
            completedAt: row.completion_date,
          },
        ],
  );
  return summariseCompletionTimes(samples);
}
