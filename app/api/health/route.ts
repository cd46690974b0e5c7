import { pingDatabase } from "@/lib/db";

export const dynamic = "force-dynamic";

/** Container probe: 200 when the database answers, 503 otherwise. No detail beyond the dialect. */
export async function GET() {
  const db = await pingDatabase();
  return Response.json(
    db.ok ? { status: "ok", database: db.dialect } : { status: "unavailable", database: "unreachable" },
    { status: db.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
