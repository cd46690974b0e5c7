import { pingDatabase } from "@/lib/db";
import { queueHealth } from "@/lib/tasks";

export const dynamic = "force-dynamic";

/**
 * Container probe: 200 when the database answers, 503 otherwise. No detail beyond the dialect, and of
 * the task queue two figures (the oldest waiting task's age in seconds, tasks failed in the last hour),
 * or "unavailable": names, errors and hosts stay on the signed-in settings page.
 */
export async function GET() {
  const db = await pingDatabase();
  const queue = db.ok
    ? await queueHealth().then(
        (health) => ({
          oldestWaitingSeconds:
            health.oldestWaitingSeconds === null ? null : Math.round(health.oldestWaitingSeconds),
          failedLastHour: health.failedLastHour,
        }),
        () => "unavailable" as const,
      )
    : "unavailable";
  return Response.json(
    db.ok
      ? { status: "ok", database: db.dialect, queue }
      : { status: "unavailable", database: "unreachable", queue },
    { status: db.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
