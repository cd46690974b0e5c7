import "server-only";
import { log } from "@/lib/log";
import { routeParam } from "@/lib/route-param";
import { getActiveTarget } from "./active-target";
import { type OutputPlan, OutputUnavailableError, resolveOutput } from "./output";

/** Shared pieces of the job output route handlers. */

export type JobRouteContext = { params: Promise<{ jobId: string }> };

export function jsonProblem(status: number, message: string): Response {
  return Response.json({ message }, { status, headers: { "Cache-Control": "no-store" } });
}

export async function glacierJobIdOf(context: JobRouteContext): Promise<string> {
  return routeParam((await context.params).jobId);
}

/** The active connection's output plan for the route's job; throws OutputUnavailableError. */
export async function planForRoute(context: JobRouteContext): Promise<OutputPlan> {
  const active = await getActiveTarget();
  if (!active) throw new OutputUnavailableError(404, "No connection is configured.");
  return resolveOutput(active.target, await glacierJobIdOf(context));
}

/** A route failure as JSON: known problems with their status, anything else logged and generic. */
export function routeFailure(error: unknown, what: string): Response {
  if (error instanceof OutputUnavailableError) return jsonProblem(error.status, error.message);
  log().error({ detail: error instanceof Error ? error.message : String(error) }, `${what} failed`);
  return jsonProblem(500, `The ${what} failed. See the server log.`);
}
