import { jsonProblem, type RouteContext, routeParamOf } from "@/lib/http";
import { getActiveTarget } from "@/lib/session";
import { getJobRow, rerunLinkOf } from "@/lib/jobs";
import { authorizeRequest } from "@/lib/auth/current-user";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * A relative Location: the standalone server's `request.url` names its own bind host (localhost), not
 * the host the browser used, and an absolute redirect there loses the session cookie (RFC 9110 allows
 * a relative reference; browsers resolve it against the page's own origin).
 */
function seeOther(path: string): Response {
  return new Response(null, { status: 303, headers: { Location: path, "Cache-Control": "no-store" } });
}

/**
 * "Request again" (an output that expired or is about to): opens the wizard prefilled with the job's
 * parameters. A redirect keeps the jobs page light: 10 000 rows need no 10 000 prebuilt links.
 */
export async function GET(_request: Request, context: RouteContext<"jobId">): Promise<Response> {
  // Operators only: the wizard it opens starts jobs (a viewer would land on a 404).
  const auth = await authorizeRequest("operator");
  if (!auth.ok) return auth.response;
  const active = await getActiveTarget();
  if (!active) return seeOther("/settings/connections");
  const jobId = await routeParamOf(context, "jobId");
  const row = await getJobRow(active.connection.id, jobId);
  const link = row && rerunLinkOf(row, active.connection.name);
  if (!link) return jsonProblem(404, `No job ${jobId} is recorded for this connection.`);
  return seeOther(link);
}
