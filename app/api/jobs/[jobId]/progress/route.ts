import { jsonProblem, type RouteContext, routeParamOf } from "@/lib/http";
import { getActiveTarget } from "@/lib/session";
import { getJobRow, sseResponse, startTaskFeed } from "@/lib/jobs";
import { authorizeRequest } from "@/lib/auth/current-user";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Progress of the job's long tasks (download, verification, import) as server-sent events. */
export async function GET(request: Request, context: RouteContext<"jobId">): Promise<Response> {
  const auth = await authorizeRequest("viewer");
  if (!auth.ok) return auth.response;
  const active = await getActiveTarget();
  if (!active) return jsonProblem(404, "No connection is configured.");
  const row = await getJobRow(active.connection.id, await routeParamOf(context, "jobId"));
  if (!row) return jsonProblem(404, "No such job for this connection.");
  return sseResponse(request.signal, (send) => startTaskFeed(row.id, (task) => send("task", task)));
}
