import "server-only";
import { sql } from "kysely";
import { dbOf, type DbOptions } from "@/lib/db";
import { type AuditLogTable } from "@/lib/db/schema";
import { type AuditFilter } from "./search-params";

export type AuditRecord = {
  id: string;
  occurredAt: string;
  actorEmail: string | null;
  action: string;
  outcome: AuditLogTable["outcome"];
  connectionId: string | null;
  target: string | null;
  details: string;
  address: string | null;
};

/** Case-insensitive "contains", with LIKE's wildcards escaped (SQLite needs the ESCAPE clause spelt out). */
function contains(column: "actor_email" | "target" | "details", text: string) {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + 86_400_000).toISOString();
}

/** Entries matching `filter`, newest first; `before` pages on (occurred_at, id) of the last one shown. */
export async function queryAudit(
  filter: AuditFilter,
  page: { limit: number; before?: { occurredAt: string; id: string } | undefined },
  options: DbOptions = {},
): Promise<AuditRecord[]> {
  const db = await dbOf(options);
  const { action, outcome, actor, q, from, to } = filter;
  const rows = await db
    .selectFrom("audit_log")
    .selectAll()
    .$if(Boolean(action), (qb) => qb.where("action", "=", action ?? ""))
    .$if(Boolean(outcome), (qb) => qb.where("outcome", "=", outcome ?? "success"))
    .$if(Boolean(actor), (qb) => qb.where(contains("actor_email", actor ?? "")))
    .$if(Boolean(q), (qb) =>
      qb.where((eb) => eb.or([contains("target", q ?? ""), contains("details", q ?? "")])),
    )
    .$if(Boolean(from), (qb) => qb.where("occurred_at", ">=", `${from ?? ""}T00:00:00.000Z`))
    .$if(Boolean(to), (qb) => qb.where("occurred_at", "<", nextDay(to ?? "1970-01-01")))
    .$if(Boolean(page.before), (qb) =>
      qb.where((eb) =>
        eb.or([
          eb("occurred_at", "<", page.before?.occurredAt ?? ""),
          eb.and([
            eb("occurred_at", "=", page.before?.occurredAt ?? ""),
            eb("id", "<", page.before?.id ?? ""),
          ]),
        ]),
      ),
    )
    .orderBy("occurred_at", "desc")
    .orderBy("id", "desc")
    .limit(page.limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    occurredAt: r.occurred_at,
    actorEmail: r.actor_email,
    action: r.action,
    outcome: r.outcome,
    connectionId: r.connection_id,
    target: r.target,
    details: r.details,
    address: r.address,
  }));
}

/** Every matching entry, newest first, a page at a time (for the CSV export, without holding all rows). */
export async function* allAuditRecords(
  filter: AuditFilter,
  options: DbOptions = {},
  pageSize = 1000,
): AsyncGenerator<AuditRecord> {
  let before: { occurredAt: string; id: string } | undefined;
  for (;;) {
    const rows = await queryAudit(filter, { limit: pageSize, before }, options);
    yield* rows;
    const last = rows.at(-1);
    if (!last || rows.length < pageSize) return;
    before = { occurredAt: last.occurredAt, id: last.id };
  }
}
