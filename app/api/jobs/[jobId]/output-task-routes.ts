import "server-only";
import { authorizeRequest } from "@/lib/auth/current-user";
import {
  type OutputSource,
  requestInventoryImport,
  startSynologyImport,
  startVerification,
  type TaskProgress,
} from "@/lib/jobs";
import { jsonProblem, type RouteContext, routeFailure, routeParamOf } from "@/lib/http";
import { activeOutputSource } from "@/lib/session";

/** A background task on a job's output that a POST below `[jobId]` starts. */
type OutputTaskRoute = {
  /** Names the task in the log and in the generic 500 message. */
  what: string;
  /** Why this job's output cannot feed the task (answered with 409), or null when it can. */
  refusalFor: (source: OutputSource) => string | null;
  start: (source: OutputSource, request: Request) => TaskProgress | Promise<TaskProgress>;
};

const OUTPUT_TASK_ROUTES = {
  verify: {
    what: "verification",
    refusalFor: (source) =>
      source.jobType === "archive-retrieval" ? null : "Only archive outputs carry a tree hash to verify.",
    start: (source, request) =>
      // A single API query value, not page state: URLSearchParams rather than nuqs parsers.
      startVerification(source, { fresh: new URL(request.url).searchParams.get("fresh") === "1" }),
  },
  "inventory-import": {
    what: "inventory import",
    refusalFor: (source) =>
      source.jobType === "inventory-retrieval"
        ? null
        : "Only an inventory job's output can be imported into the catalog.",
    start: requestInventoryImport,
  },
  "synology-import": {
    what: "Synology mapping import",
    refusalFor: (source) =>
      source.jobType === "archive-retrieval" && source.vaultName.endsWith("_mapping")
        ? null
        : "Only an archive retrieved from a Synology `<vault>_mapping` vault holds a mapping database.",
    start: startSynologyImport,
  },
} as const satisfies Record<string, OutputTaskRoute>;

/**
 * The POST handler of one output task route: operators only, the active connection's output of the
 * job, a 409 when it is of the wrong kind, else the task started and its progress with 202.
 */
export function outputTaskRoute(kind: keyof typeof OUTPUT_TASK_ROUTES) {
  const { what, refusalFor, start }: OutputTaskRoute = OUTPUT_TASK_ROUTES[kind];
  return async (request: Request, context: RouteContext<"jobId">): Promise<Response> => {
    const auth = await authorizeRequest("operator");
    if (!auth.ok) return auth.response;
    try {
      const source = await activeOutputSource(await routeParamOf(context, "jobId"));
      const refusal = refusalFor(source);
      if (refusal) return jsonProblem(409, refusal);
      return Response.json(await start(source, request), { status: 202 });
    } catch (error) {
      return routeFailure(error, what);
    }
  };
}
