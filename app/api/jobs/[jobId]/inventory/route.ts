import { startInventoryImport } from "@/lib/jobs";
import { jsonProblem, type RouteContext, routeFailure, routeParamOf } from "@/lib/http";
import { activeOutputSource } from "@/lib/session";
import { authorizeRequest } from "@/lib/auth/current-user";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** "Import inventory": streams the inventory job's output into the catalog in the background. */
export async function POST(_request: Request, context: RouteContext<"jobId">): Promise<Response> {
  const auth = await authorizeRequest("operator");
  if (!auth.ok) return auth.response;
  try {
    const source = await activeOutputSource(await routeParamOf(context, "jobId"));
    if (source.jobType !== "inventory-retrieval")
      return jsonProblem(409, "Only an inventory job's output can be imported into the catalog.");
    return Response.json(startInventoryImport(source), { status: 202 });
  } catch (error) {
    return routeFailure(error, "inventory import");
  }
}
