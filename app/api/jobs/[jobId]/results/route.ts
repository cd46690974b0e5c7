import { Readable } from "node:stream";
import { AwsOperationError } from "@/lib/aws/errors";
import { jsonProblem, type RouteContext, routeFailure, routeParamOf } from "@/lib/http";
import { getActiveTarget } from "@/lib/session";
import { contentDisposition, getJobRow, openSelectObject, selectLocationOf } from "@/lib/jobs";
import { auditOutputDownload } from "@/lib/audit";
import { authorizeRequest } from "@/lib/auth/current-user";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Downloads one result object of a Select job (`?key=`), streamed from S3; only keys under the job's output path. */
export async function GET(request: Request, context: RouteContext<"jobId">): Promise<Response> {
  const auth = await authorizeRequest("operator");
  if (!auth.ok) return auth.response;
  try {
    const active = await getActiveTarget();
    if (!active) return jsonProblem(404, "No connection is configured.");
    const glacierJobId = await routeParamOf(context, "jobId");
    const row = await getJobRow(active.connection.id, glacierJobId);
    if (!row || row.job_type !== "select") return jsonProblem(404, "No such Select job for this connection.");
    const location = selectLocationOf(row.parameters, row.output_path, glacierJobId);
    // A single API query value, not page state: URLSearchParams rather than nuqs parsers.
    const key = new URL(request.url).searchParams.get("key") ?? "";
    if (!location || !key.startsWith(location.prefix))
      return jsonProblem(400, "That object is not part of this job's output.");
    const object = await openSelectObject(active.target, location, key, request.signal);
    await auditOutputDownload({
      actor: auth.user,
      connectionId: active.connection.id,
      glacierJobId,
      vaultName: row.vault_name,
      kind: "select",
      range: null,
      size: object.size,
      objectKey: key,
    });
    const headers: Record<string, string> = {
      "Content-Type": object.contentType ?? "text/csv",
      "Content-Disposition": contentDisposition(key.split("/").pop() || "result.csv"),
      "Cache-Control": "private, no-store",
    };
    if (object.size !== null) headers["Content-Length"] = String(object.size);
    return new Response(Readable.toWeb(object.body) as ReadableStream<Uint8Array>, { headers });
  } catch (error) {
    if (error instanceof AwsOperationError) return jsonProblem(502, error.failure.message);
    return routeFailure(error, "result download");
  }
}
