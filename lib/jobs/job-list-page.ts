import "server-only";
import { sql } from "kysely";
import { dbOf } from "@/lib/db";
import { type JobType } from "@/lib/glacier/job-types";
import { type JobRowQuery, type RowQueryOptions, selectJobRows } from "./job-rows";
import { type JobListRow } from "./view-types";

/**
 * One page of the jobs list, filtered and paged in the database: a connection with 10 million plan
 * jobs never loads more than a page. Newest first by (created_at, id), with keyset cursors rather
 * than offsets, so every page costs the same (migration 0014's indexes) and a job added meanwhile
 * neither repeats nor skips a row.
 */

export const JOB_PAGE_SIZE = 200;

export type JobStatusFilter =
  "all" | "in-progress" | "succeeded" | "failed" | "to-download" | "expiring" | "expired";

export type JobListFilter = {
  status: JobStatusFilter;
  type: "all" | JobType;
  /** "" for every vault. */
  vault: string;
  /** Words that must all appear in the job id, vault, description, archive id or name (any case). */
  q: string;
};

/** A position in the list: the job at (createdAt, key). Opaque in the URL. */
export type JobPageCursor = { createdAt: string; key: string };

export type JobPageRequest = {
  filter: JobListFilter;
  /** Jobs older than this position (the "Older" link), or newer (the "Newer" link); neither: the newest. */
  older?: JobPageCursor | null;
  newer?: JobPageCursor | null;
  limit?: number;
  /** The page's time, for the output-window filters. */
  now: number;
  /** An output is "expiring" within this much of its end (the screen's own warning window). */
  expiringWithinMs: number;
};

export type JobPage = {
  rows: JobListRow[];
  /** Where the "Newer" and "Older" links lead; null when there is nothing that way. */
  newer: JobPageCursor | null;
  older: JobPageCursor | null;
};

const SEPARATOR = "~";

export function encodeCursor(cursor: JobPageCursor): string {
  return `${cursor.createdAt}${SEPARATOR}${cursor.key}`;
}

/** A cursor from the URL, or null for anything that is not one (a hand-edited link starts over). */
export function decodeCursor(text: string | null | undefined): JobPageCursor | null {
  if (!text) return null;
  const at = text.indexOf(SEPARATOR);
  if (at <= 0) return null;
  const createdAt = text.slice(0, at);
  const key = text.slice(at + 1);
  return Number.isNaN(Date.parse(createdAt)) || key === "" ? null : { createdAt, key };
}

function withStatus(query: JobRowQuery, status: JobStatusFilter, now: string, soon: string): JobRowQuery {
  const succeededOutput = (q: JobRowQuery) =>
    q.where("jobs.status_code", "=", "Succeeded").where("jobs.job_type", "!=", "select");
  switch (status) {
    case "all":
      return query;
    case "in-progress":
      return query.where((eb) =>
        eb.or([
          eb("jobs.status_code", "=", "InProgress"),
          eb.and([eb("jobs.status_code", "is", null), eb("jobs.submission_status", "=", "submitting")]),
        ]),
      );
    case "succeeded":
      return query.where("jobs.status_code", "=", "Succeeded");
    case "failed":
      return query.where("jobs.status_code", "=", "Failed");
    case "expired":
      return succeededOutput(query).where((eb) =>
        eb.or([eb("t.gone_at", "is not", null), eb("t.expires_at", "<=", now)]),
      );
    case "expiring":
      return succeededOutput(query)
        .where("t.gone_at", "is", null)
        .where("t.expires_at", ">", now)
        .where("t.expires_at", "<=", soon);
    case "to-download":
      return succeededOutput(query)
        .where("t.gone_at", "is", null)
        .where("t.expires_at", ">", now)
        .where("t.output_downloaded_at", "is", null);
  }
}

/** LIKE patterns match `%` and `_` literally here (with an explicit ESCAPE: SQLite has no default one). */
function likePattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function withFilter(query: JobRowQuery, filter: JobListFilter, request: JobPageRequest): JobRowQuery {
  let q = query;
  if (filter.type !== "all") q = q.where("jobs.job_type", "=", filter.type);
  if (filter.vault !== "") q = q.where("jobs.vault_name", "=", filter.vault);
  const now = new Date(request.now).toISOString();
  const soon = new Date(request.now + request.expiringWithinMs).toISOString();
  q = withStatus(q, filter.status, now, soon);
  for (const word of filter.q.toLowerCase().split(/\s+/).filter(Boolean)) {
    const pattern = likePattern(word);
    q = q.where((eb) =>
      eb.or(
        (
          [
            "jobs.glacier_job_id",
            "jobs.vault_name",
            "jobs.description",
            "jobs.archive_id",
            "jobs.job_type",
            "jobs.status_code",
            "t.archive_description",
            "n.path",
          ] as const
        ).map((column) => sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`),
      ),
    );
  }
  return q;
}

/** One page of the connection's jobs (see the module comment). */
export async function listJobPage(
  connectionId: string,
  request: JobPageRequest,
  options: RowQueryOptions = {},
): Promise<JobPage> {
  const limit = request.limit ?? JOB_PAGE_SIZE;
  const { older, newer } = request;
  // One row more than the page tells whether there is another page that way.
  const fetched = await selectJobRows(connectionId, options, (query) => {
    const q = withFilter(query, request.filter, request);
    if (newer && !older)
      return q
        .where((eb) =>
          eb(eb.refTuple("jobs.created_at", "jobs.id"), ">", eb.tuple(newer.createdAt, newer.key)),
        )
        .orderBy("jobs.created_at", "asc")
        .orderBy("jobs.id", "asc")
        .limit(limit + 1);
    const below = older
      ? q.where((eb) =>
          eb(eb.refTuple("jobs.created_at", "jobs.id"), "<", eb.tuple(older.createdAt, older.key)),
        )
      : q;
    return below
      .orderBy("jobs.created_at", "desc")
      .orderBy("jobs.id", "desc")
      .limit(limit + 1);
  });
  const more = fetched.length > limit;
  const page = fetched.slice(0, limit);
  const goingNewer = Boolean(newer && !older);
  const rows = goingNewer ? page.reverse() : page;
  const at = (row: JobListRow | undefined) => (row ? { createdAt: row.recordedAt, key: row.key } : null);
  return {
    rows,
    newer: goingNewer ? (more ? at(rows[0]) : null) : older ? at(rows[0]) : null,
    older: goingNewer ? at(rows.at(-1)) : more ? at(rows.at(-1)) : null,
  };
}

/**
 * The vaults the connection has jobs in, for the vault filter. One index seek per vault (a loose
 * index scan written as a recursive query, on SQLite and PostgreSQL alike) rather than a DISTINCT
 * over every job.
 */
export async function listJobVaults(connectionId: string, options: RowQueryOptions = {}): Promise<string[]> {
  const db = await dbOf(options);
  const found = await sql<{ name: string | null }>`
    with recursive v(name) as (
      select min(vault_name) from jobs where connection_id = ${connectionId}
      union all
      select (select min(vault_name) from jobs where connection_id = ${connectionId} and vault_name > v.name)
      from v where v.name is not null
    )
    select name from v where name is not null`.execute(db);
  return found.rows.map((r) => r.name ?? "");
}
