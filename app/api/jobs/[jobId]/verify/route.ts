import { startVerification } from "@/lib/jobs";
import type { RouteContext } from "@/lib/http";
import { startOutputTask } from "../start-output-task";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** "Verify only": streams the archive output through Thaw in the background and checks its tree hash. `?fresh=1` starts over. */
export async function POST(request: Request, context: RouteContext<"jobId">): Promise<Response> {
  // A single API query value, not page state: URLSearchParams rather than nuqs parsers.
  const fresh = new URL(request.url).searchParams.get("fresh") === "1";
  return startOutputTask(context, {
    what: "verification",
    refusalFor: (source) =>
      source.jobType === "archive-retrieval" ? null : "Only archive outputs carry a tree hash to verify.",
    start: (source) => startVerification(source, { fresh }),
  });
}
