import { startInventoryImport } from "@/lib/jobs";
import type { RouteContext } from "@/lib/http";
import { startOutputTask } from "../start-output-task";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** "Import inventory": streams the inventory job's output into the catalog in the background. */
export async function POST(_request: Request, context: RouteContext<"jobId">): Promise<Response> {
  return startOutputTask(context, {
    what: "inventory import",
    refusalFor: (source) =>
      source.jobType === "inventory-retrieval"
        ? null
        : "Only an inventory job's output can be imported into the catalog.",
    start: startInventoryImport,
  });
}
