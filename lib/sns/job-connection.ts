import "server-only";
import { listConnections } from "@/lib/connections";
import { type DbOptions } from "@/lib/db";
import { connectionIdsOfGlacierJob } from "@/lib/jobs";

/**
 * Which connection a Glacier completion message belongs to: the one that started (or imported) the
 * job; otherwise the only connection whose region and account match the message's VaultARN.
 */
export async function connectionForJob(
  description: { JobId?: unknown; VaultARN?: unknown },
  options: DbOptions = {},
): Promise<string | undefined> {
  if (typeof description.JobId !== "string" || description.JobId.length === 0) return undefined;
  const ids = await connectionIdsOfGlacierJob(description.JobId, options);
  if (ids.length === 1) return ids[0];
  if (ids.length > 1 || typeof description.VaultARN !== "string") return undefined;
  const [, , service, region, account] = description.VaultARN.split(":");
  if (service !== "glacier" || !region || !account) return undefined;
  const candidates = (await listConnections(options)).filter(
    (c) => c.region === region && (c.accountId === account || c.accountId === "-"),
  );
  return candidates.length === 1 ? candidates[0]?.id : undefined;
}
