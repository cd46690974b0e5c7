import "server-only";
import { type Kysely, type RawBuilder, sql } from "kysely";
import { type Database } from "@/lib/db";
import { orderWithArchives } from "./schedule-items";

/**
 * The manifest's page query for the archives a plan has not reached yet (no item in plan_items, only
 * their place in plan_order, migration 0020): `archive_id,,size,tree_hash,pending,,`, no key yet.
 * Paged on seq like the items' pages, each page's text joined by the database. Archive ids
 * (base64url), sizes and hex tree hashes never need CSV quoting.
 */
export async function unreachedPageQuery(
  db: Kysely<Database>,
  planId: string,
  page: number,
): Promise<
  (after: number) => RawBuilder<{ last: number | string | null; lines: number | string; text: string | null }>
> {
  const plan = await db
    .selectFrom("plans")
    .select("inventory_id")
    .where("id", "=", planId)
    .executeTakeFirst();
  const from = plan ? await orderWithArchives(db, plan.inventory_id) : null;
  const line = sql`a.archive_id || ',,' || cast(a.size as text) || ',' || a.tree_hash || ',pending,,'`;
  return (after) =>
    from
      ? sql`select max(seq) as last, count(*) as lines,
          string_agg(line || cast(${"\n"} as text), '' order by seq) as text
        from (select o.seq, ${line} as line from ${from}
          where o.plan_id = ${planId} and o.seq > ${after} order by o.seq limit ${page}) as paged`
      : sql`select null as last, 0 as lines, null as text`;
}
