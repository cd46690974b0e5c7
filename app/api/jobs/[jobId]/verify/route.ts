import { startVerification } from "@/lib/jobs";
import { jsonProblem, type RouteContext, routeFailure, routeParamOf } from "@/lib/http";
import { activeOutputSource } from "@/lib/session";
import { authorizeRequest } from "@/lib/auth/current-user";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** "Verify only": streams the archive output through Thaw in the background and checks its tree hash. `?fresh=1` starts over. */
export async function POST(request: Request, context: RouteContext<"jobId">): Promise<Response> {
  const auth = await authorizeRequest("operator");
  if (!auth.ok) return auth.response;
  try {
    const source = await activeOutputSource(await routeParamOf(context, "jobId"));
    if (source.jobType !== "archive-retrieval")
      return jsonProblem(409, "Only archive outputs carry a tree hash to verify.");
    // A single API query value, not page state: URLSearchParams rather than nuqs parsers.
    const fresh = new URL(request.url).searchParams.get("fresh") === "1";
    return Response.json(startVerification(source, { fresh }), { status: 202 });
  } catch (error) {
    return routeFailure(error, "verification");
  }
}
