import { type Kysely } from "kysely";

/**
 * A job's price as one stored figure (issue #16 "one cost"), set at submission by
 * lib/glacier/job-cost's `priceJob` and shown by every screen as it is:
 *  - estimate_usd: the estimated total in USD; null while a size it needs is unknown or no price is known.
 *  - estimate_bytes: the bytes it counts (retrieved, or scanned by Select); null when none or unknown.
 *  - estimate_basis: where that size came from (CostBasis: range, catalog, glacier, flat, unknown).
 * Jobs recorded before this migration keep all three null: readers take the total of their JSON
 * `estimate` when it had one (basis `recorded`), else word it as unknown — nothing is recomputed.
 */
const COLUMNS = [
  ["estimate_usd", "double precision"],
  ["estimate_bytes", "bigint"],
  ["estimate_basis", "text"],
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, type] of COLUMNS) await db.schema.alterTable("jobs").addColumn(name, type).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [name] of COLUMNS) await db.schema.alterTable("jobs").dropColumn(name).execute();
}
