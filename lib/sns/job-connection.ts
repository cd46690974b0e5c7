import "server-only";
import { dbOf, type DbOptions } from "@/lib/db";

/**
 * Which connection a Glacier completion message belongs to: the one that started (or imported) the
 * job; otherwise the only connection whose region and account match the message's VaultARN.
 */
export async function connectionForJob(
  description: { JobId?: unknown; VaultARN?: unknown },
  options: DbOptions = {},
): Promise<string | undefined> {
  const db = await dbOf(options);
  if (typeof description.JobId !== "string" || description.JobId.length === 0) return undefined;
  const known = await db.selectFrom("jobs").select("connection_id").where("glacier_job_id", "=", description.JobId).execute();
  const ids = [...new Set(known.map((r) => r.connection_id))];
  if (ids.length === 1) return ids[0];
  if (ids.length > 1 || typeof description.VaultARN !== "string") return undefined;
  const [, , service, region, account] = description.VaultARN.split(":");
  if (service !== "glacier" || !region || !account) return undefined;
  const candidates = await db
    .selectFrom("connections")
    .select("id")
    .where("region", "=", region)
    .where((eb) => eb.or([eb("account_id", "=", account), eb("account_id", "=", "-")]))
    .execute();
  return candidates.length === 1 ? candidates[0]?.id : undefined;
}
