import { routeParam } from "@/lib/route-param";
import { getActiveTarget } from "@/lib/jobs/active-target";
import { contentDisposition, decideRange, outputEtag } from "@/lib/jobs/http-output";
import {
  openOutputStream,
  outputContentType,
  outputFileName,
  OutputUnavailableError,
  resolveOutput,
} from "@/lib/jobs/output";
import { trackDownload } from "@/lib/jobs/output-tasks";
import { log } from "@/lib/log";
import { auditOutputDownload } from "@/lib/audit/download-audit";
import { authorizeRequest } from "@/lib/auth/current-user";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ jobId: string }> };

function problem(status: number, message: string): Response {
  return Response.json({ message }, { status, headers: { "Cache-Control": "no-store" } });
}

async function planFor(context: Context) {
  const active = await getActiveTarget();
  if (!active) throw new OutputUnavailableError(404, "No connection is configured.");
  const jobId = routeParam((await context.params).jobId);
  return resolveOutput(active.target, jobId);
}

function failure(error: unknown): Response {
  if (error instanceof OutputUnavailableError) return problem(error.status, error.message);
  log().error({ detail: error instanceof Error ? error.message : String(error) }, "job output failed");
  return problem(500, "The output could not be served. See the server log.");
}

/** Headers only (download managers probe size and range support); no Glacier request is made. */
export async function HEAD(_request: Request, context: Context): Promise<Response> {
  const auth = await authorizeRequest("operator");
  if (!auth.ok) return auth.response;
  try {
    const plan = await planFor(context);
    return new Response(null, {
      headers: {
        "Content-Type": outputContentType(plan),
        "Content-Length": String(plan.size),
        "Accept-Ranges": "bytes",
        "Content-Disposition": contentDisposition(outputFileName(plan)),
        ETag: outputEtag(plan),
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    const response = failure(error);
    return new Response(null, { status: response.status });
  }
}

/**
 * The job's output, streamed from Glacier (never buffered whole), with Range/If-Range for resumed
 * downloads. Archive bytes are tree-hashed on the way; the job page shows the outcome.
 */
export async function GET(request: Request, context: Context): Promise<Response> {
  const auth = await authorizeRequest("operator");
  if (!auth.ok) return auth.response;
  try {
    const plan = await planFor(context);
    const decision = decideRange(request, plan);
    if (decision.kind === "unsatisfiable") {
      return new Response(null, { status: 416, headers: { "Content-Range": `bytes */${plan.size}` } });
    }
    const range = decision.kind === "partial" ? decision.range : null;
    let onBytes: (bytes: number) => void = () => undefined;
    const opened = await openOutputStream(plan, {
      range,
      mode: "download",
      signal: request.signal,
      onBytes: (n) => onBytes(n),
    });
    // Tracked only once Glacier answered: a refused download leaves no task behind.
    const tracker = trackDownload(plan, range?.start ?? 0);
    onBytes = tracker.onBytes;
    tracker.finish(opened.done);
    await auditOutputDownload({
      actor: auth.user,
      connectionId: plan.target.id,
      glacierJobId: plan.glacierJobId,
      vaultName: plan.vaultName,
      kind: plan.jobType,
      range: range && { start: range.start, end: range.end },
      size: plan.size,
    });
    const length = range ? range.end - range.start + 1 : plan.size;
    const headers: Record<string, string> = {
      "Content-Type": outputContentType(plan),
      "Content-Length": String(length),
      "Accept-Ranges": "bytes",
      "Content-Disposition": contentDisposition(outputFileName(plan, opened.glacier.archiveDescription)),
      ETag: outputEtag(plan),
      "Cache-Control": "private, no-store",
    };
    if (plan.expectedTreeHash) headers["X-Thaw-Expected-Tree-Hash"] = plan.expectedTreeHash;
    if (range) headers["Content-Range"] = `bytes ${range.start}-${range.end}/${plan.size}`;
    return new Response(opened.stream, { status: range ? 206 : 200, headers });
  } catch (error) {
    return failure(error);
  }
}
