import { authorizeRequest } from "@/lib/auth/current-user";
import { startSynologyImport } from "@/lib/jobs/inventory-tasks";
import { jsonProblem, type JobRouteContext, planForRoute, routeFailure } from "@/lib/jobs/route-helpers";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Imports the archive names of a Synology `<vault>_mapping` archive retrieval (its output is the mapping database). */
export async function POST(_request: Request, context: JobRouteContext): Promise<Response> {
  const auth = await authorizeRequest("operator");
  if (!auth.ok) return auth.response;
  try {
    const plan = await planForRoute(context);
    if (plan.jobType !== "archive-retrieval" || !plan.vaultName.endsWith("_mapping")) {
      return jsonProblem(
        409,
        "Only an archive retrieved from a Synology `<vault>_mapping` vault holds a mapping database.",
      );
    }
    return Response.json(startSynologyImport(plan), { status: 202 });
  } catch (error) {
    return routeFailure(error, "Synology mapping import");
  }
}
