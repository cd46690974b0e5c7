import { targetForConnection } from "@/lib/aws/connection-target";
import { jsonProblem } from "@/lib/http";
import { getActiveTarget } from "@/lib/session";
import { type JobFeedEvent, listChangedJobRows, sseResponse, watchConnection } from "@/lib/jobs";
import { log } from "@/lib/log";
import { authorizeRequest } from "@/lib/auth/current-user";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const POLL_DB_MS = 1_000;
/** Rows changed this close to the previous read are sent again: a write in the same millisecond is not missed. */
const OVERLAP_MS = 1_000;

/** The live job feed of the active connection: changed job rows and sync reports, as server-sent events. */
export async function GET(request: Request): Promise<Response> {
  const auth = await authorizeRequest("viewer");
  if (!auth.ok) return auth.response;
  const active = await getActiveTarget();
  if (!active) return jsonProblem(404, "No connection is configured.");
  const { connection } = active;
  // A single API query value, not page state: URLSearchParams rather than nuqs parsers.
  const since = new URL(request.url).searchParams.get("since");
  let cursor = since && !Number.isNaN(Date.parse(since)) ? since : new Date().toISOString();

  return sseResponse(request.signal, (send) => {
    let reading = false;
    const readChanges = async () => {
      if (reading) return;
      reading = true;
      const startedAt = new Date(Date.now() - OVERLAP_MS).toISOString();
      try {
        const rows = await listChangedJobRows(connection.id, cursor);
        cursor = startedAt;
        if (rows.length > 0) send("jobs", { kind: "jobs", rows } satisfies JobFeedEvent);
      } catch (error) {
        log().warn(
          { detail: error instanceof Error ? error.message : String(error) },
          "job feed read failed",
        );
      } finally {
        reading = false;
      }
    };
    const timer = setInterval(() => void readChanges(), POLL_DB_MS);
    const leave = watchConnection(
      connection.id,
      () => targetForConnection(connection),
      (report) =>
        send("sync", {
          kind: "sync",
          at: report.at,
          imported: report.result?.imported.length ?? 0,
          failedVaults: report.result?.failed.map((f) => f.vaultName) ?? [],
          message: report.message,
        } satisfies JobFeedEvent),
    );
    return () => {
      clearInterval(timer);
      leave();
    };
  });
}
