import { getConfig } from "@/lib/config";
import { jsonProblem, routeFailure } from "@/lib/http";
import { drainTasks, isDrainAuthorized } from "@/lib/tasks";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
/** Vercel ends the function after this many seconds; the drain stops taking tasks well before. */
export const maxDuration = 60;
/** New tasks are taken for this long; what runs then has the rest of maxDuration to wind down. */
const DRAIN_BUDGET_MS = 50_000;

/**
 * The serverless worker (THAW_WORKER=external): Vercel's cron calls it every minute (vercel.json) with
 * `Authorization: Bearer <CRON_SECRET>`. It runs tasks for a bounded time and answers what it did.
 * Claims are atomic in the queue, so two calls at once never run one task twice.
 */
async function drain(request: Request): Promise<Response> {
  if (!isDrainAuthorized(request.headers.get("authorization"), getConfig().tasks.drainSecret))
    return jsonProblem(401, "This route needs the drain secret (Authorization: Bearer <CRON_SECRET>).");
  try {
    const result = await drainTasks({ budgetMs: DRAIN_BUDGET_MS });
    return Response.json(result, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return routeFailure(error, "task drain");
  }
}

export const GET = drain;
export const POST = drain;
