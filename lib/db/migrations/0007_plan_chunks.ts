import { type Kysely, sql } from "kysely";

/**
 * The chunks of a plan item's copy (lib/plans, issue #13): an archive is copied in tree-hash-aligned
 * ranges, each one S3 part or one region of a directory's temporary file. The rows are made when the
 * item's copy starts (never at plan creation: a plan may hold millions of items) and are at most
 * 10 000 per item. A `done` row is durable proof that its range is stored at the destination (the
 * part's ETag and SHA-256, the range's tree hash): after a crash, a lost lease or a re-requested
 * output only the other rows are read again. The archive's tree hash is composed from `tree_hash`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("plan_chunks")
    .addColumn("plan_id", "text", (c) => c.notNull())
    .addColumn("archive_id", "text", (c) => c.notNull())
    .addColumn("idx", "integer", (c) => c.notNull())
    .addColumn("range_start", "bigint", (c) => c.notNull())
    .addColumn("range_end", "bigint", (c) => c.notNull())
    .addColumn("part_number", "integer", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull().check(sql`state in ('pending', 'done')`))
    .addColumn("etag", "text")
    .addColumn("checksum_sha256", "text")
    .addColumn("tree_hash", "text")
    .addColumn("tries", "integer", (c) => c.notNull())
    .addColumn("error", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("plan_chunks_pk", ["plan_id", "archive_id", "idx"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("plan_chunks").execute();
}
