import { authorizeRequest } from "@/lib/auth/current-user";
import { jsonProblem, type RouteContext, routeParamOf } from "@/lib/http";
import { getPlan, manifestCsv } from "@/lib/plans";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The plan's manifest (archive id → object key, size, tree hash, state), streamed from the database. */
export async function GET(_request: Request, context: RouteContext<"planId">): Promise<Response> {
  const auth = await authorizeRequest("viewer");
  if (!auth.ok) return auth.response;
  const planId = await routeParamOf(context, "planId");
  const plan = await getPlan(planId);
  if (!plan) return jsonProblem(404, "No such plan.");
  const lines = manifestCsv(plan.id)[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await lines.return?.(undefined);
    },
  });
  const fileName = `thaw-plan-${plan.vaultName.replace(/[^A-Za-z0-9._-]/g, "_")}-${plan.id.slice(0, 8)}-manifest.csv`;
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}
