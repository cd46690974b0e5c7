import "server-only";
import { type Kysely, type RawBuilder, sql } from "kysely";
import { type Database } from "@/lib/db";
import { directoriesOf, fitsKeyLimit, keyCandidates, manifestKey } from "./ordering";
import { isPostgres } from "./plan-items-sql";

/**
 * Object keys for a batch of items about to be written to plan_items (schedule-items.ts), by the
 * rules of ordering.ts's objectKeyFor: a key is nobody else's key, nobody else's folder, has no
 * folder that is someone's key, is not the manifest's and fits 1024 bytes; the earlier item in
 * execution order keeps the plain name. Items are scheduled in execution order, so "earlier" is
 * "already in plan_items or earlier in this batch": each item takes its first free candidate
 * (keyCandidates, then `<archive id>~<seq>`), checked against the plan's keys (plan_items_key, one
 * seek per name, migration 0020) and the batch's own choices. The work is the batch's, whatever the
 * plan's size.
 */

export type KeyedArchive = { seq: number; archive_id: string; decoded_path: string };

/** Names per multi-row INSERT into plan_key_names. */
const IN_CHUNK = 1_000;
const NAMES_TABLE = "plan_key_names";

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Which of `names` are the plan's keys already, and which have a key inside them (`name/…`): the names
 * go into a temporary table, then each is looked up in plan_items' key index (one seek for equality,
 * one range seek for a folder). A multi-row VALUES correlated with the keys cost SQLite 70 ms to
 * compile per 5 000 names. PostgreSQL compares bytewise ("C"), the index's own order.
 */
async function takenNames(trx: Kysely<Database>, planId: string, names: readonly string[]) {
  const postgres = isPostgres(trx);
  const key = postgres ? sql`k.object_key collate "C"` : sql`k.object_key`;
  const table = sql.table(NAMES_TABLE);
  await sql`create temporary table if not exists ${table} (name text primary key)`.execute(trx);
  for (const part of chunks([...new Set(names)], IN_CHUNK))
    await sql`insert into ${table} (name) values ${sql.join(part.map((n) => sql`(${n})`))}`.execute(trx);
  // One index seek per name, whatever the plan's size: PostgreSQL, left to itself, may hash-join the
  // whole plan's keys against the names (a temporary table has no statistics); LATERAL … LIMIT 1
  // runs the seek per name. SQLite runs EXISTS as that seek already (and has no LATERAL).
  const found = (condition: RawBuilder<unknown>) =>
    postgres
      ? sql<{ name: string }>`select n.name from ${table} as n cross join lateral
          (select 1 from plan_items as k where k.plan_id = ${planId} and ${condition} limit 1) as hit`
      : sql<{ name: string }>`select n.name from ${table} as n
          where exists (select 1 from plan_items as k where k.plan_id = ${planId} and ${condition})`;
  const equal = new Set((await found(sql`${key} = n.name`).execute(trx)).rows.map((r) => r.name));
  // `name/` … `name0` in byte order is exactly the keys inside the folder `name` ('0' follows '/').
  const folders = new Set(
    (await found(sql`${key} >= n.name || '/' and ${key} < n.name || '0'`).execute(trx)).rows.map(
      (r) => r.name,
    ),
  );
  await sql`delete from ${table}`.execute(trx);
  return { equal, folders };
}

/**
 * The keys of `rows` (in execution order, after every item already in plan_items), in their order.
 * Most items keep their natural key, so only those (and their folders) are looked up first; from the
 * first item whose natural key is taken, every candidate of the rest is looked up, and the walk goes
 * on in order: each item still chooses knowing exactly the choices before it.
 */
export async function objectKeysFor(
  trx: Kysely<Database>,
  planId: string,
  keyPrefix: string,
  rows: readonly KeyedArchive[],
): Promise<string[]> {
  const candidates = rows.map((r) => [
    ...keyCandidates({ archiveId: r.archive_id, decodedPath: r.decoded_path }, keyPrefix),
    `${keyPrefix}${r.archive_id}~${r.seq}`,
  ]);
  const lookUp = (names: readonly string[]) =>
    takenNames(trx, planId, [...names, ...names.flatMap(directoriesOf)]);
  const settled = await lookUp(candidates.map((c) => c[0] ?? ""));
  const manifest = manifestKey(keyPrefix);
  // This batch's own choices: keys, and `dir/` for the folders they need (the manifest's too).
  const chosen = new Set<string>([manifest, ...directoriesOf(manifest).map((d) => `${d}/`)]);
  const free = (k: string) =>
    fitsKeyLimit(k) &&
    !chosen.has(k) &&
    !chosen.has(`${k}/`) &&
    !settled.equal.has(k) &&
    !settled.folders.has(k) &&
    directoriesOf(k).every((d) => !chosen.has(d) && !settled.equal.has(d));
  const keys: string[] = [];
  let everyCandidateKnown = false;
  for (let i = 0; i < rows.length; i++) {
    const mine = candidates[i] ?? [];
    if (!everyCandidateKnown && !free(mine[0] ?? "")) {
      const more = await lookUp(candidates.slice(i).flatMap((c) => c.slice(1)));
      for (const name of more.equal) settled.equal.add(name);
      for (const name of more.folders) settled.folders.add(name);
      everyCandidateKnown = true;
    }
    const row = rows[i];
    const key = mine.find(free) ?? `${keyPrefix}${row?.archive_id}~${row?.seq}~`;
    chosen.add(key);
    for (const d of directoriesOf(key)) chosen.add(`${d}/`);
    keys.push(key);
  }
  return keys;
}
