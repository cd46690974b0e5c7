import { jsonProblem, type RouteContext, routeParamOf } from "@/lib/http";
import { getActiveTarget } from "@/lib/session";
import { getJobRow, sseResponse, subscribeTask, taskKey, type TaskKind, tasksOfJob } from "@/lib/jobs";
import { authorizeRequest } from "@/lib/auth/current-user";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const KINDS: TaskKind[] = ["verify", "download", "inventory-import", "synology-import"];

/** Progress of the job's long tasks (download, verification, import) as server-sent events. */
export async function GET(request: Request, context: RouteContext<"jobId">): Promise<Response> {
  const auth = await authorizeRequest("viewer");
  if (!auth.ok) return auth.response;
  const active = await getActiveTarget();
  if (!active) return jsonProblem(404, "No connection is configured.");
  const row = await getJobRow(active.connection.id, await routeParamOf(context, "jobId"));
  if (!row) return jsonProblem(404, "No such job for this connection.");
  return sseResponse(request.signal, (send) => {
    for (const task of tasksOfJob(row.id)) send("task", task);
    const leave = KINDS.map((kind) =>
      subscribeTask(taskKey(row.id, kind), (progress) => send("task", progress)),
    );
    return () => leave.forEach((l) => l());
  });
}
