import { type Kysely } from "kysely";

/**
 * What an inventory covers (issue #16): InventoryRetrievalParameters cut an inventory to a date
 * window (StartDate inclusive, EndDate exclusive) or a page (Limit, continued by the Marker that
 * DescribeJob reports once the job succeeded) —
 * docs.aws.amazon.com/amazonglacier/latest/dev/api-InventoryRetrievalJobInput.html. All null: the
 * whole vault (every inventory imported before this migration was recorded as such).
 *  - coverage_marker: the Marker this page started from (null: the run's first page).
 *  - next_marker: the Marker to continue from (null: the run ended here).
 */
const COLUMNS = [
  ["coverage_start", "text"],
  ["coverage_end", "text"],
  ["coverage_limit", "bigint"],
  ["coverage_marker", "text"],
  ["next_marker", "text"],
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, type] of COLUMNS)
    await db.schema.alterTable("inventories").addColumn(name, type).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [name] of COLUMNS) await db.schema.alterTable("inventories").dropColumn(name).execute();
}
