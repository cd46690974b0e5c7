import "server-only";
import { authorizeRequest } from "@/lib/auth/current-user";
import type { OutputSource, TaskProgress } from "@/lib/jobs";
import { jsonProblem, type RouteContext, routeFailure, routeParamOf } from "@/lib/http";
import { activeOutputSource } from "@/lib/session";

/** One background task on a job's output, as the POST routes below `[jobId]` start it. */
export type OutputTaskRoute = {
  /** Names the task in the log and in the generic 500 message. */
  what: string;
  /** Why this job's output cannot feed the task (answered with 409), or null when it can. */
  refusalFor: (source: OutputSource) => string | null;
  start: (source: OutputSource) => TaskProgress;
};

/**
 * The shared body of the verify and import routes: operators only, the active connection's output of
 * the job, a 409 when it is of the wrong kind, else the task's progress with 202.
 */
export async function startOutputTask(
  context: RouteContext<"jobId">,
  { what, refusalFor, start }: OutputTaskRoute,
): Promise<Response> {
  const auth = await authorizeRequest("operator");
  if (!auth.ok) return auth.response;
  try {
    const source = await activeOutputSource(await routeParamOf(context, "jobId"));
    const refusal = refusalFor(source);
    if (refusal) return jsonProblem(409, refusal);
    return Response.json(start(source), { status: 202 });
  } catch (error) {
    return routeFailure(error, what);
  }
}
