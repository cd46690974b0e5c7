import { jsonProblem } from "@/lib/http";
import { getActiveTarget } from "@/lib/session";
import { enqueueVaultSync, sseResponse, startJobFeed } from "@/lib/jobs";
import { authorizeRequest } from "@/lib/auth/current-user";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The live job feed of the active connection: changed job rows and sync reports, as server-sent
 * events, read from the database. Opening it asks for a vault sync; it never calls Glacier itself.
 */
export async function GET(request: Request): Promise<Response> {
  const auth = await authorizeRequest("viewer");
  if (!auth.ok) return auth.response;
  const active = await getActiveTarget();
  if (!active) return jsonProblem(404, "No connection is configured.");
  // A single API query value, not page state: URLSearchParams rather than nuqs parsers.
  const since = new URL(request.url).searchParams.get("since");
  const from = since && !Number.isNaN(Date.parse(since)) ? since : new Date().toISOString();
  return sseResponse(request.signal, (send) =>
    startJobFeed(active.connection.id, (event) => send(event.kind, event), {
      enqueue: enqueueVaultSync,
      since: from,
    }),
  );
}
