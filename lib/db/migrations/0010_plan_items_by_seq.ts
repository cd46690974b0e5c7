import { type Kysely, PostgresAdapter, sql } from "kysely";

/**
 * Plan items keyed by execution order (issue #13, plans of 10 million archives): the primary key
 * becomes (plan_id, seq) instead of (plan_id, archive_id), and 0008's object-key index goes. A plan's
 * items are inserted in seq order, so every index of plan_items now grows at its end: the rows of
 * a 10 M-archive plan no longer land on random B-tree leaves, each writing a page once the cache is
 * full. Run-time lookups use seq; creation's key-conflict pass sorts the keys in a temporary table
 * (lib/plans/object-keys.ts). An archive is still in a plan once: the inventory's ArchiveId is
 * unique, and a plan's items are one selection of one inventory.
 * SQLite cannot change a primary key in place: the table is rebuilt (create new, copy, drop,
 * rename), from the stored CREATE TABLE with only its key changed.
 */
const BY_ARCHIVE = `constraint "plan_items_pk" primary key ("plan_id", "archive_id")`;
const BY_SEQ = `constraint "plan_items_pk" primary key ("plan_id", "seq")`;

const isPostgres = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof PostgresAdapter;

async function rebuildSqlite(db: Kysely<unknown>, from: string, to: string): Promise<void> {
  const stored = await sql<{
    sql: string;
  }>`select sql from sqlite_master where type = 'table' and name = 'plan_items'`.execute(db);
  const create = stored.rows[0]?.sql ?? "";
  const head = /^create table "?plan_items"? \(/i;
  if (!create.includes(from) || !head.test(create))
    throw new Error(`plan_items is not as expected: ${create}`);
  const rebuilt = create.replace(head, `create table "plan_items_new" (`).replace(from, to);
  await sql.raw(rebuilt).execute(db);
  await sql`insert into plan_items_new select * from plan_items order by plan_id, seq`.execute(db);
  await sql`drop table plan_items`.execute(db);
  await sql`alter table plan_items_new rename to plan_items`.execute(db);
  await db.schema
    .createIndex("plan_items_status_seq")
    .on("plan_items")
    .columns(["plan_id", "status", "seq"])
    .execute();
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await sql`alter table plan_items drop constraint plan_items_pk`.execute(db);
    await sql`alter table plan_items add constraint plan_items_pk primary key (plan_id, seq)`.execute(db);
    await db.schema.dropIndex("plan_items_seq").execute();
    await db.schema.dropIndex("plan_items_key").execute();
  } else {
    await rebuildSqlite(db, BY_ARCHIVE, BY_SEQ);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const postgres = isPostgres(db);
  if (postgres) {
    await sql`alter table plan_items drop constraint plan_items_pk`.execute(db);
    await sql`alter table plan_items add constraint plan_items_pk primary key (plan_id, archive_id)`.execute(
      db,
    );
  } else {
    await rebuildSqlite(db, BY_SEQ, BY_ARCHIVE);
  }
  await db.schema
    .createIndex("plan_items_seq")
    .on("plan_items")
    .columns(["plan_id", "seq"])
    .unique()
    .execute();
  await db.schema
    .createIndex("plan_items_key")
    .on("plan_items")
    .expression(postgres ? sql`plan_id, object_key collate "C", seq` : sql`plan_id, object_key, seq`)
    .execute();
}
