import { authorizeRequest } from "@/lib/auth/current-user";
import { startSynologyImport } from "@/lib/jobs";
import { jsonProblem, type RouteContext, routeFailure, routeParamOf } from "@/lib/http";
import { activeOutputSource } from "@/lib/session";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Imports the archive names of a Synology `<vault>_mapping` archive retrieval (its output is the mapping database). */
export async function POST(_request: Request, context: RouteContext<"jobId">): Promise<Response> {
  const auth = await authorizeRequest("operator");
  if (!auth.ok) return auth.response;
  try {
    const source = await activeOutputSource(await routeParamOf(context, "jobId"));
    if (source.jobType !== "archive-retrieval" || !source.vaultName.endsWith("_mapping")) {
      return jsonProblem(
        409,
        "Only an archive retrieved from a Synology `<vault>_mapping` vault holds a mapping database.",
      );
    }
    return Response.json(startSynologyImport(source), { status: 202 });
  } catch (error) {
    return routeFailure(error, "Synology mapping import");
  }
}
