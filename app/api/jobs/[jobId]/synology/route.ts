import { startSynologyImport } from "@/lib/jobs";
import type { RouteContext } from "@/lib/http";
import { startOutputTask } from "../start-output-task";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Imports the archive names of a Synology `<vault>_mapping` archive retrieval (its output is the mapping database). */
export async function POST(_request: Request, context: RouteContext<"jobId">): Promise<Response> {
  return startOutputTask(context, {
    what: "Synology mapping import",
    refusalFor: (source) =>
      source.jobType === "archive-retrieval" && source.vaultName.endsWith("_mapping")
        ? null
        : "Only an archive retrieved from a Synology `<vault>_mapping` vault holds a mapping database.",
    start: startSynologyImport,
  });
}
