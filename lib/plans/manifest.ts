import "server-only";
import { type Kysely } from "kysely";
import { type Database, dbOf, type DbOptions } from "@/lib/db";
import { type PlanItemRow } from "./store";

export const MANIFEST_HEADER =
  "archive_id,object_key,size,sha256_tree_hash,status,glacier_job_id,verified_at";
/** Items per page: one page of lines (~0.5 MB) is all the manifest ever holds in memory. */
const PAGE = 5000;

/**
 * RFC 4180 quoting only: unlike the audit CSV there is no formula guard, because archive ids may
 * start with "-" and the manifest must give them back exactly.
 */
function field(value: string | number | null): string {
  const text = value === null ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

type ManifestRow = Pick<
  PlanItemRow,
  "archive_id" | "object_key" | "size" | "tree_hash" | "status" | "glacier_job_id" | "verified_at"
>;

export function manifestLine(r: ManifestRow): string {
  return `${[r.archive_id, r.object_key, Number(r.size), r.tree_hash, r.status, r.glacier_job_id, r.verified_at].map(field).join(",")}\n`;
}

/** The manifest's text, a page of lines at a time, keyset-paged on seq (the primary key). */
export async function* manifestLines(
  db: Kysely<Database>,
  planId: string,
  page = PAGE,
): AsyncGenerator<string> {
  yield `${MANIFEST_HEADER}\n`;
  // Keyset paging on seq: constant memory for any plan size.
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom("plan_items")
      .select([
        "seq",
        "archive_id",
        "object_key",
        "size",
        "tree_hash",
        "status",
        "glacier_job_id",
        "verified_at",
      ])
      .where("plan_id", "=", planId)
      .where("seq", ">", after)
      .orderBy("seq")
      .limit(page)
      .execute();
    if (rows.length === 0) return;
    yield rows.map(manifestLine).join("");
    after = rows[rows.length - 1]?.seq ?? after;
  }
}

/** The plan's manifest, one line per item in execution order, with each item's current status. */
export function manifestCsv(planId: string, options: DbOptions = {}): AsyncIterable<string> {
  return (async function* () {
    yield* manifestLines(await dbOf(options), planId);
  })();
}
