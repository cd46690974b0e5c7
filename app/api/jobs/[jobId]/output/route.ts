import { auditOutputDownload } from "@/lib/audit";
import { authorizeRequest } from "@/lib/auth/current-user";
import { type RouteContext, routeFailure, routeParamOf } from "@/lib/http";
import { activeOutputSource } from "@/lib/session";
import {
  contentDisposition,
  decideRange,
  openOutputStream,
  outputContentType,
  outputEtag,
  outputFileName,
  trackDownload,
} from "@/lib/jobs";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = RouteContext<"jobId">;

const sourceOf = async (context: Context) => activeOutputSource(await routeParamOf(context, "jobId"));
const failure = (error: unknown) =>
  routeFailure(error, "job output", "The output could not be served. See the server log.");

/** Headers only (download managers probe size and range support); no Glacier request is made. */
export async function HEAD(_request: Request, context: Context): Promise<Response> {
  const auth = await authorizeRequest("operator");
  if (!auth.ok) return auth.response;
  try {
    const source = await sourceOf(context);
    return new Response(null, {
      headers: {
        "Content-Type": outputContentType(source),
        "Content-Length": String(source.size),
        "Accept-Ranges": "bytes",
        "Content-Disposition": contentDisposition(outputFileName(source)),
        ETag: outputEtag(source),
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
    const source = await sourceOf(context);
    const decision = decideRange(request, source);
    if (decision.kind === "unsatisfiable") {
      return new Response(null, { status: 416, headers: { "Content-Range": `bytes */${source.size}` } });
    }
    const range = decision.kind === "partial" ? decision.range : null;
    let onBytes: (bytes: number) => void = () => undefined;
    const opened = await openOutputStream(source, {
      range,
      mode: "download",
      signal: request.signal,
      onBytes: (n) => onBytes(n),
    });
    // Tracked only once Glacier answered: a refused download leaves no task behind.
    const tracker = trackDownload(source, range?.start ?? 0);
    onBytes = tracker.onBytes;
    tracker.finish(opened.done);
    await auditOutputDownload({
      actor: auth.user,
      connectionId: source.target.id,
      glacierJobId: source.glacierJobId,
      vaultName: source.vaultName,
      kind: source.jobType,
      range: range && { start: range.start, end: range.end },
      size: source.size,
    });
    const length = range ? range.end - range.start + 1 : source.size;
    const headers: Record<string, string> = {
      "Content-Type": outputContentType(source),
      "Content-Length": String(length),
      "Accept-Ranges": "bytes",
      "Content-Disposition": contentDisposition(outputFileName(source, opened.glacier.archiveDescription)),
      ETag: outputEtag(source),
      "Cache-Control": "private, no-store",
    };
    if (source.expectedTreeHash) headers["X-Thaw-Expected-Tree-Hash"] = source.expectedTreeHash;
    if (range) headers["Content-Range"] = `bytes ${range.start}-${range.end}/${source.size}`;
    return new Response(opened.stream, { status: range ? 206 : 200, headers });
  } catch (error) {
    return failure(error);
  }
}
