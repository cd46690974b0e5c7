import "server-only";
import { type Kysely, sql } from "kysely";
import { type Database, dbOf, type DbOptions, postgresUrlOf, sqlitePathOf } from "@/lib/db";
import { log } from "@/lib/log";
import { unreachedPageQuery } from "./manifest-unreached";
import { startQueryWorker } from "./manifest-worker";
import { type PlanItemRow } from "./store";

export const MANIFEST_HEADER =
  "archive_id,object_key,size,sha256_tree_hash,status,glacier_job_id,verified_at";
/**
 * Items per page: one page's text (~0.12 MB) is all the manifest holds in memory. At 1 M items the
 * writing process peaked at 134 MB with 500 (its idle size is ~130 MB), 144 MB with 1 000, 192 MB
 * with 5 000 (at 10 M with 1 000: 191 MB, idle 155): a longer page stays alive through more
 * young-generation collections, and V8 grows the young generation.
 */
const PAGE = 500;

/**
 * RFC 4180 quoting only: unlike the audit CSV there is no formula guard, because archive ids may
 * start with "-" and the manifest must give them back exactly.
 */
function field(value: string | number | null): string {
  const text = value === null ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const COLUMNS = [
  "archive_id",
  "object_key",
  "size",
  "tree_hash",
  "status",
  "glacier_job_id",
  "verified_at",
] as const;
type ManifestRow = Pick<PlanItemRow, (typeof COLUMNS)[number]>;

export function manifestLine(r: ManifestRow): string {
  return `${[r.archive_id, r.object_key, Number(r.size), r.tree_hash, r.status, r.glacier_job_id, r.verified_at].map(field).join(",")}\n`;
}

/** One page of items as row objects, lines quoted here: only for a page that needs quoting. */
async function quotedPage(db: Kysely<Database>, planId: string, after: number, page: number) {
  const rows = await db
    .selectFrom("plan_items")
    .select([...COLUMNS])
    .where("plan_id", "=", planId)
    .where("seq", ">", after)
    .orderBy("seq")
    .limit(page)
    .execute();
  return rows.map(manifestLine).join("");
}

function occurrences(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i >= 0; i = text.indexOf(char, i + 1)) n++;
  return n;
}

/**
 * True when no field of the page's unquoted lines holds a comma, quote, CR or LF (then quoting
 * changes nothing): every line has exactly its 6 separators and its one LF, and no quote or CR.
 */
function needsNoQuoting(text: string, lines: number): boolean {
  return (
    !text.includes('"') &&
    !text.includes("\r") &&
    occurrences(text, "\n") === lines &&
    occurrences(text, ",") === (COLUMNS.length - 1) * lines
  );
}

/** One page's unquoted text as the database joins it (see manifestLines). */
function pageQuery(planId: string, after: number, page: number) {
  const fields = sql.join(
    COLUMNS.map((c) => sql`coalesce(cast(${sql.ref(c)} as text), '')`),
    sql` || ',' || `,
  );
  return sql<PageRow>`
    select max(seq) as last, count(*) as lines,
      string_agg(line || cast(${"\n"} as text), '' order by seq) as text
    from (select seq, ${fields} as line from plan_items
      where plan_id = ${planId} and seq > ${after} order by seq limit ${page}) as paged`;
}

/** max(seq) and count(*) come back as numbers here, as strings from the worker's plain pg client. */
type PageRow = { last: number | string | null; lines: number | string; text: string | null };
type ReadPage = (query: ReturnType<typeof pageQuery>) => Promise<PageRow | undefined>;

/**
 * The pages are read by a worker thread with a small young generation and a connection of its own
 * (see manifest-worker.ts), which keeps the process's peak near its idle size: on PostgreSQL pg's
 * socket Buffers die there; on SQLite, read here, V8's young generation grew to 128 MB at 10 M
 * archives (256 MB peak; 174 MB with the worker). A database whose URL or file is not known
 * (a transaction), or a worker that cannot start, and the pages are read here.
 */
async function pageReader(
  db: Kysely<Database>,
  inWorker: boolean,
): Promise<{ read: ReadPage; readsAhead: boolean; close(): Promise<void> }> {
  const sqlitePath = sqlitePathOf(db);
  const where = !inWorker ? undefined : (postgresUrlOf(db) ?? (sqlitePath ? { sqlitePath } : undefined));
  const worker = where
    ? await startQueryWorker(where).catch((error: unknown) => {
        const detail = error instanceof Error ? error.message : String(error);
        log().warn({ detail }, "manifest pages read in this thread: its query worker did not start");
        return undefined;
      })
    : undefined;
  if (!worker)
    return {
      read: async (query) => (await query.execute(db)).rows[0],
      readsAhead: false,
      close: () => Promise.resolve(),
    };
  return {
    readsAhead: true,
    read: async (query) => (await worker.rows(query.compile(db)))[0] as PageRow | undefined,
    close: () => worker.close(),
  };
}

export type ManifestOptions = {
  /** Items per page (PAGE). */
  page?: number;
  /** Read the pages in a worker thread (default); false reads them in this thread. */
  inWorker?: boolean;
};

/**
 * The manifest's text, a page of lines at a time, keyset-paged on seq (the primary key). The
 * database joins each page's fields and lines into one string (string_agg, also SQLite's since
 * 3.44): rows never become JavaScript objects, whose garbage (8 strings and an object per item)
 * grew V8's young generation past 60 MB and the process to ~300 MB at 1 M items. A page where some
 * field needs quoting (rare: a comma or quote in a key) is read again as rows and quoted here.
 */
export async function* manifestLines(
  db: Kysely<Database>,
  planId: string,
  { page = PAGE, inWorker = true }: ManifestOptions = {},
): AsyncGenerator<string> {
  yield `${MANIFEST_HEADER}\n`;
  const reader = await pageReader(db, inWorker);
  // The items first; then the archives the plan has not reached yet (no item, no key), from the last
  // item's seq: an item written meanwhile is listed once, as an item or as not reached.
  const unreached = await unreachedPageQuery(db, planId, page);
  let reading: "items" | "unreached" = "items";
  const read = (after: number) =>
    reader.read(reading === "items" ? pageQuery(planId, after, page) : unreached(after));
  let ahead: Promise<PageRow | undefined> | undefined;
  try {
    let after = 0;
    for (;;) {
      const row = await (ahead ?? read(after));
      if (!row || row.last === null || row.text === null) {
        if (reading === "unreached") return;
        reading = "unreached";
        ahead = undefined;
        continue;
      }
      const text =
        reading === "unreached" || needsNoQuoting(row.text, Number(row.lines))
          ? row.text
          : await quotedPage(db, planId, after, page);
      after = Number(row.last);
      // A worker reads the next page while this one is written: one page ahead, no more.
      ahead = reader.readsAhead ? read(after) : undefined;
      ahead?.catch(() => undefined); // a failure is thrown where it is awaited, if it is
      yield text;
    }
  } finally {
    await reader.close();
  }
}

/**
 * The plan's manifest, one line per archive in execution order, with each item's current status
 * (the archives not reached yet: pending, no key).
 */
export function manifestCsv(planId: string, options: DbOptions = {}): AsyncIterable<string> {
  return (async function* () {
    yield* manifestLines(await dbOf(options), planId);
  })();
}
