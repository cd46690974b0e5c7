import "server-only";
import { type OutputSource, OutputUnavailableError, resolveOutput } from "@/lib/jobs";
import { getActiveTarget } from "./active-target";

/**
 * The output source of a job of the browser's active connection, for the job output routes; throws
 * OutputUnavailableError (a DomainError with its HTTP status) when there is nothing to serve.
 */
export async function activeOutputSource(glacierJobId: string): Promise<OutputSource> {
  const active = await getActiveTarget();
  if (!active) throw new OutputUnavailableError(404, "No connection is configured.");
  return resolveOutput(active.target, glacierJobId);
}
