import "server-only";
import { type Kysely, sql } from "kysely";
import { type Database } from "@/lib/db";
import { directoriesOf, fitsKeyLimit, keyCandidates, manifestKey } from "./ordering";
import { isPostgres } from "./plan-items-sql";

/**
 * Object keys for a plan's items, in bounded batches (never the whole plan in memory), by the rules
 * of ordering.ts's objectKeyFor: a key is nobody else's key, nobody else's folder, has no folder that
 * is someone's key, is not the manifest's and fits 1024 bytes; the earlier item in execution order
 * keeps the plain name. plan-items-sql.ts gave most items their natural key already; then
 *  1. `compute`: items still without a key ('') get their natural key, computed here;
 *  2. `conflicts`: one pass over the keys in byte order (keyset-paged) finds every key that breaks
 *     a rule (a duplicate, a file that is also a folder, the manifest's name, too long) and takes
 *     it away again (''), from all the items involved;
 *  3. `resolve`: those items, in execution order, take their first free candidate (keyCandidates,
 *     then `<archive id>~<seq>`), checked against the database and the batch's own choices.
 * Conflicts are rare (duplicate descriptions, a file named like a folder), so step 3 is small.
 * All three read the keys from a temporary table (`plan_keys`: seq, key), filled as the items are
 * written, whose key index is built once by CREATE INDEX after it is filled, a sort: plan_items has
 * no index by key, since one kept there would take every new item at a random leaf (migration
 * 0010). Items without a key sort first in it, so steps 1 and 3 find them without a pass over the
 * plan. It goes with the creating transaction.
 */

export type KeyPass = "compute" | "conflicts" | "resolve";
export type KeyOptions = {
  /** Items per batch (default 10 000). */
  batch?: number;
  /** Called after each batch with the rows it handled (tests count batches). */
  onBatch?: (pass: KeyPass, rows: number) => void;
  /** Called as each pass ends, with its time (createPlan's phases, printed by the bench). */
  onPhase?: (phase: KeyPass | "sort keys", ms: number) => void;
};

const DEFAULT_BATCH = 10_000;
/** Rows per multi-row INSERT into the batch tables: 2 parameters each, far below both dialects' limits. */
const SET_CHUNK = 1_000;
/** Names per multi-row INSERT into plan_key_names. */
const IN_CHUNK = 1_000;

type Place = { trx: Kysely<Database>; planId: string; keyPrefix: string; batch: number };

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Sets items' keys, in plan_items and in plan_keys, through the `plan_key_batch` table (seq → key):
 * each item found by its primary key. An UPDATE … FROM (VALUES …) made SQLite walk every item of the
 * plan per statement (its planner put plan_items outside, on plan_id alone): 12.6 ms at 100 000 items,
 * over a second at 10 M, for each 5 000 keys. Its multi-row VALUES also cost more to compile the
 * longer it was.
 */
async function setKeys(place: Place, keys: readonly { seq: number; key: string }[]): Promise<void> {
  const { trx, planId } = place;
  for (const part of chunks(keys, SET_CHUNK)) {
    const values = sql.join(part.map((k) => sql`(${k.seq}, ${k.key})`));
    await sql`insert into ${sql.table(BATCH_TABLE)} (seq, object_key) values ${values}`.execute(trx);
    const batched = sql`(select b.object_key from ${sql.table(BATCH_TABLE)} as b where b.seq = t.seq)`;
    const inBatch = sql`(select b.seq from ${sql.table(BATCH_TABLE)} as b)`;
    await sql`update plan_items as t set object_key = ${batched}
      where t.plan_id = ${planId} and t.seq in ${inBatch}`.execute(trx);
    await sql`update ${sql.table(KEY_TABLE)} as t set object_key = ${batched}
      where t.seq in ${inBatch}`.execute(trx);
    await sql`delete from ${sql.table(BATCH_TABLE)}`.execute(trx);
  }
}

const TRIGGER = "plan_keys_fill";
/** The temporary table of a plan's keys while it is created. */
export const KEY_TABLE = "plan_keys";
/** Keys being set, by seq (setKeys), and names being looked up (takenNames): small, emptied after each use. */
const BATCH_TABLE = "plan_key_batch";
const NAMES_TABLE = "plan_key_names";

/**
 * The temporary table of the plan's keys (seq, key), made before its items are written, and filled
 * as they are written, in seq order (its primary key grows at the end): on SQLite by a temporary
 * trigger, on PostgreSQL by the items' INSERT itself (plan-items-sql.ts, `keysInto`). Reading the
 * keys back from plan_items afterwards read the whole plan again (~5 GB at 10 M). PostgreSQL's key
 * column compares bytes ("C"), as SQLite's. It goes with the creating transaction.
 */
export async function openKeyTable(trx: Kysely<Database>, planId: string): Promise<void> {
  const collate = isPostgres(trx) ? sql`collate "C"` : sql``;
  const onCommit = isPostgres(trx) ? sql`on commit drop` : sql``;
  await sql`create temporary table ${sql.table(KEY_TABLE)}
    (seq integer primary key, object_key text ${collate} not null) ${onCommit}`.execute(trx);
  await sql`create temporary table ${sql.table(BATCH_TABLE)}
    (seq integer primary key, object_key text ${collate} not null) ${onCommit}`.execute(trx);
  await sql`create temporary table ${sql.table(NAMES_TABLE)}
    (name text ${collate} primary key) ${onCommit}`.execute(trx);
  if (!isPostgres(trx))
    await sql`create temporary trigger ${sql.raw(TRIGGER)} after insert on main.plan_items
      when new.plan_id = ${sql.lit(planId)}
      begin insert into plan_keys (seq, object_key) values (new.seq, new.object_key); end`.execute(trx);
}

/** plan_keys holds every item: indexed by (key, seq) in one sort, once it is filled. */
async function sortKeys(place: Place): Promise<void> {
  const { trx } = place;
  if (!isPostgres(trx)) await sql`drop trigger ${sql.raw(TRIGGER)}`.execute(trx);
  await sql`create index plan_keys_key on plan_keys (object_key, seq)`.execute(trx);
  if (isPostgres(trx)) await sql`analyze plan_keys`.execute(trx);
}

/**
 * Items without a key yet (''), in execution order, a batch at a time: the start of plan_keys' key
 * index, so finding the few costs no pass over the plan.
 */
async function* unkeyed(place: Place) {
  const { trx, planId, batch } = place;
  let after = 0;
  for (;;) {
    const rows = await sql<{ seq: number; archive_id: string; decoded_path: string }>`
      select k.seq, i.archive_id, i.decoded_path from plan_keys as k
      join plan_items as i on i.plan_id = ${planId} and i.seq = k.seq
      where k.object_key = '' and k.seq > ${after} order by k.seq limit ${batch}`
      .execute(trx)
      .then((r) => r.rows);
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]?.seq ?? after;
  }
}

const naturalKey = (r: { archive_id: string; decoded_path: string }, keyPrefix: string) =>
  keyCandidates({ archiveId: r.archive_id, decodedPath: r.decoded_path }, keyPrefix)[0] ?? r.archive_id;

async function computeKeys(place: Place, options: KeyOptions): Promise<void> {
  for await (const rows of unkeyed(place)) {
    await setKeys(
      place,
      rows.map((r) => ({ seq: r.seq, key: naturalKey(r, place.keyPrefix) })),
    );
    options.onBatch?.("compute", rows.length);
  }
}

/**
 * Walks the keys in byte order: a duplicate sits next to its twin, and the keys inside a folder
 * `f/` follow `f` after only keys that start with `f` too, so a stack of the keys that prefix the
 * current one finds "`f` is a file and a folder" without looking further back.
 */
type KeyRow = { seq: number; object_key: string };

/**
 * Every key in byte order, a batch at a time. SQLite walks the key index in keyset pages. On
 * PostgreSQL that walk fetched each row from the table's heap, which is in seq order, so one random
 * read per key (a fresh temporary table has no visibility map for index-only scans): 194 s at 10 M.
 * There a cursor over one sort of the table reads it in order instead (the `|| ''` keeps the
 * planner off the index; "C" is the column's own byte order).
 */
async function* keysInOrder(place: Place): AsyncGenerator<KeyRow[]> {
  const { trx, batch } = place;
  const key = sql.ref("object_key");
  if (isPostgres(trx)) {
    await sql`declare plan_keys_walk no scroll cursor for select seq, object_key from plan_keys
      order by (${key} || '') collate "C", seq`.execute(trx);
    try {
      for (;;) {
        const rows =
          await sql<KeyRow>`fetch forward ${sql.raw(String(Math.trunc(batch)))} from plan_keys_walk`
            .execute(trx)
            .then((r) => r.rows);
        if (rows.length === 0) return;
        yield rows;
      }
    } finally {
      await sql`close plan_keys_walk`.execute(trx);
    }
  }
  let after: { key: string; seq: number } = { key: "", seq: 0 };
  for (;;) {
    const rows = await sql<KeyRow>`select seq, object_key from plan_keys
      where (${key}, seq) > (${after.key}, ${after.seq}) order by ${key}, seq limit ${batch}`
      .execute(trx)
      .then((r) => r.rows);
    if (rows.length === 0) return;
    yield rows;
    const last = rows[rows.length - 1];
    if (last) after = { key: last.object_key, seq: last.seq };
  }
}

async function markConflicts(place: Place, options: KeyOptions): Promise<void> {
  const { keyPrefix } = place;
  const manifest = manifestKey(keyPrefix);
  const stack: { key: string; seq: number }[] = [];
  let previous: { key: string; seq: number } | null = null;
  for await (const rows of keysInOrder(place)) {
    const conflicted = new Set<number>();
    for (const { seq, object_key: k } of rows) {
      if (k === manifest || k.startsWith(`${manifest}/`) || !fitsKeyLimit(k)) conflicted.add(seq);
      if (previous && previous.key === k) conflicted.add(previous.seq).add(seq);
      while (stack.length > 0 && !k.startsWith(stack[stack.length - 1]?.key ?? "")) stack.pop();
      for (const outer of stack) if (k.startsWith(`${outer.key}/`)) conflicted.add(outer.seq).add(seq);
      if (stack[stack.length - 1]?.key !== k) stack.push({ key: k, seq });
      previous = { key: k, seq };
    }
    if (conflicted.size > 0)
      await setKeys(
        place,
        [...conflicted].map((seq) => ({ seq, key: "" })),
      );
    options.onBatch?.("conflicts", rows.length);
  }
}

/**
 * Which of `names` are settled keys, and which have a settled key inside them (`name/…`): the names go
 * into plan_key_names, then each is looked up in plan_keys' key index (one seek for equality, one range
 * seek for a folder). A multi-row VALUES correlated with plan_keys cost SQLite 70 ms to compile per
 * 5 000 names, most of resolve's time.
 */
async function takenNames(place: Place, names: readonly string[]) {
  const { trx } = place;
  const key = sql.ref("k.object_key");
  const names_ = sql.table(NAMES_TABLE);
  for (const part of chunks([...new Set(names)], IN_CHUNK))
    await sql`insert into ${names_} (name) values ${sql.join(part.map((n) => sql`(${n})`))}`.execute(trx);
  const equal = new Set(
    (
      await sql<{ name: string }>`select n.name from ${names_} as n
        where exists (select 1 from ${sql.table(KEY_TABLE)} as k where ${key} = n.name)`.execute(trx)
    ).rows.map((r) => r.name),
  );
  // `name/` … `name0` in byte order is exactly the keys inside the folder `name` ('0' follows '/').
  const folders = new Set(
    (
      await sql<{ name: string }>`select n.name from ${names_} as n
        where exists (select 1 from ${sql.table(KEY_TABLE)} as k
          where ${key} >= n.name || '/' and ${key} < n.name || '0')`.execute(trx)
    ).rows.map((r) => r.name),
  );
  await sql`delete from ${names_}`.execute(trx);
  return { equal, folders };
}

async function resolveConflicts(place: Place, options: KeyOptions): Promise<void> {
  const manifest = manifestKey(place.keyPrefix);
  for await (const rows of unkeyed(place)) {
    const candidates = rows.map((r) => [
      ...keyCandidates({ archiveId: r.archive_id, decodedPath: r.decoded_path }, place.keyPrefix),
      `${place.keyPrefix}${r.archive_id}~${r.seq}`,
    ]);
    const all = candidates.flat();
    const settled = await takenNames(place, [...all, ...all.flatMap(directoriesOf)]);
    // This batch's own choices: keys, and `dir/` for the folders they need.
    const chosen = new Set<string>([manifest, ...directoriesOf(manifest).map((d) => `${d}/`)]);
    const free = (k: string) =>
      fitsKeyLimit(k) &&
      !chosen.has(k) &&
      !chosen.has(`${k}/`) &&
      !settled.equal.has(k) &&
      !settled.folders.has(k) &&
      directoriesOf(k).every((d) => !chosen.has(d) && !settled.equal.has(d));
    const keys = rows.map((r, i) => {
      const key = (candidates[i] ?? []).find(free) ?? `${place.keyPrefix}${r.archive_id}~${r.seq}~`;
      chosen.add(key);
      for (const d of directoriesOf(key)) chosen.add(`${d}/`);
      return { seq: r.seq, key };
    });
    await setKeys(place, keys);
    options.onBatch?.("resolve", rows.length);
  }
}

/**
 * Gives every item of a new plan its object key (see above), inside the creating transaction, after
 * openKeyTable and the items' INSERT.
 */
export async function assignObjectKeys(
  trx: Kysely<Database>,
  planId: string,
  keyPrefix: string,
  options: KeyOptions = {},
): Promise<void> {
  const place = { trx, planId, keyPrefix, batch: options.batch ?? DEFAULT_BATCH };
  const timed = async (phase: KeyPass | "sort keys", fn: () => Promise<void>) => {
    const started = performance.now();
    await fn();
    options.onPhase?.(phase, performance.now() - started);
  };
  await timed("sort keys", () => sortKeys(place));
  await timed("compute", () => computeKeys(place, options));
  await timed("conflicts", () => markConflicts(place, options));
  await timed("resolve", () => resolveConflicts(place, options));
  for (const table of [KEY_TABLE, BATCH_TABLE, NAMES_TABLE])
    await sql`drop table ${sql.table(table)}`.execute(trx);
}
