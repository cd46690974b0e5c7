import { routeParam } from "@/lib/route-param";
import { authorizeRequest } from "@/lib/auth/current-user";
import { getPlan, manifestCsv } from "@/lib/plans";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ planId: string }> };

/** The plan's manifest (archive id → object key, size, tree hash, state), streamed from the database. */
export async function GET(_request: Request, context: Context): Promise<Response> {
  const auth = await authorizeRequest("viewer");
  if (!auth.ok) return auth.response;
  const planId = routeParam((await context.params).planId);
  const plan = await getPlan(planId);
  if (!plan)
    return Response.json(
      { message: "No such plan." },
      { status: 404, headers: { "Cache-Control": "no-store" } },
    );
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
