import { allAuditRecords, auditCsvHeader, auditCsvRow, parseAuditFilter } from "@/lib/audit";
import { authorizeRequest } from "@/lib/auth/current-user";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The Audit page's view as CSV, streamed page by page (the log can be long). Admins only. */
export async function GET(request: Request) {
  const auth = await authorizeRequest("admin");
  if (!auth.ok) return auth.response;
  // The page's own parsers (nuqs loader on the request), so the CSV holds exactly the filtered view.
  const filter = parseAuditFilter(request);
  const records = allAuditRecords(filter);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(auditCsvHeader()));
    },
    async pull(controller) {
      const next = await records.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(auditCsvRow(next.value)));
    },
    async cancel() {
      await records.return(undefined);
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="thaw-audit-${stamp}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
