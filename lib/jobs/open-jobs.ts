import "server-only";
import { type Kysely } from "kysely";
import { type Database, dbOf, inTransaction } from "@/lib/db";
import { DEFAULT_TIER, isOneOf, type Tier, TIERS } from "@/lib/glacier/job-types";
import { type StoreOptions } from "./tracking-store";

/**
 * The questions the vault sync asks Thaw's own tables: which vaults have unfinished jobs, which of
 * them a complete listing did not show (each ListJobs answer stamps `jobs.last_described_at` with
 * the run's time, so "not seen" is a query, not a set of ids held in memory), and which finished
 * jobs Glacier stopped listing.
 */

const IDS_AT_ONCE = 500;

/** A job Glacier has accepted and not finished, as far as Thaw knows. */
function unfinished(db: Kysely<Database>, connectionId: string) {
  return db
    .selectFrom("jobs")
    .leftJoin("job_tracking as t", "t.job_id", "jobs.id")
    .where("jobs.connection_id", "=", connectionId)
    .where("jobs.status_code", "=", "InProgress")
    .where("jobs.glacier_job_id", "is not", null)
    .where("t.gone_at", "is", null);
}

/** Vaults with unfinished jobs, each with the fastest tier among them (inventory jobs run as Standard). */
export async function openVaults(
  connectionId: string,
  options: StoreOptions = {},
): Promise<Map<string, Tier>> {
  const db = await dbOf(options);
  const rows = await unfinished(db, connectionId)
    .select(["jobs.vault_name", "jobs.tier"])
    .distinct()
    .execute();
  const order = (tier: Tier) => TIERS.indexOf(tier);
  const vaults = new Map<string, Tier>();
  for (const row of rows) {
    const tier = isOneOf(TIERS, row.tier) ? row.tier : DEFAULT_TIER;
    const known = vaults.get(row.vault_name);
    if (known === undefined || order(tier) < order(known)) vaults.set(row.vault_name, tier);
  }
  return vaults;
}

/** Unfinished jobs of a vault that no listing of this run (at `runAt`) showed. */
export async function unseenUnfinished(
  connectionId: string,
  vaultName: string,
  runAt: string,
  options: StoreOptions = {},
): Promise<Array<{ id: string; glacierJobId: string }>> {
  const db = await dbOf(options);
  const rows = await unfinished(db, connectionId)
    .select(["jobs.id", "jobs.glacier_job_id"])
    .where("jobs.vault_name", "=", vaultName)
    .where((eb) =>
      eb.or([eb("jobs.last_described_at", "is", null), eb("jobs.last_described_at", "<", runAt)]),
    )
    .execute();
  return rows.map((r) => ({ id: r.id, glacierJobId: r.glacier_job_id ?? "" }));
}

/** Finished jobs of a vault that Thaw believes Glacier still lists. */
function listedFinished(db: Kysely<Database>, connectionId: string, vaultName: string) {
  return db
    .selectFrom("jobs")
    .leftJoin("job_tracking as t", "t.job_id", "jobs.id")
    .where("jobs.connection_id", "=", connectionId)
    .where("jobs.vault_name", "=", vaultName)
    .where("jobs.glacier_job_id", "is not", null)
    .where("jobs.completion_date", "is not", null)
    .where("t.gone_at", "is", null);
}

/** What a completed=true listing of the vault would hold (its cost in pages). */
export async function countListedFinished(
  connectionId: string,
  vaultName: string,
  options: StoreOptions = {},
): Promise<number> {
  const db = await dbOf(options);
  const row = await listedFinished(db, connectionId, vaultName)
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * After a complete listing of a vault's finished jobs at `runAt`: those it did not show are gone
 * (Glacier keeps a finished job about a day, then drops it and its output). Returns their ids.
 */
export async function markUnseenFinishedGone(
  connectionId: string,
  vaultName: string,
  runAt: string,
  options: StoreOptions = {},
): Promise<number> {
  const db = await dbOf(options);
  const rows = await listedFinished(db, connectionId, vaultName)
    .select("jobs.id")
    .where((eb) =>
      eb.or([eb("jobs.last_described_at", "is", null), eb("jobs.last_described_at", "<", runAt)]),
    )
    .execute();
  const ids = rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += IDS_AT_ONCE) {
    const chunk = ids.slice(i, i + IDS_AT_ONCE);
    await inTransaction(db, async (trx) => {
      // Every finished job got its tracking row when its description was recorded.
      await trx
        .updateTable("job_tracking")
        .set({ gone_at: runAt, next_check_at: null, updated_at: runAt })
        .where("job_id", "in", chunk)
        .execute();
      await trx.updateTable("jobs").set({ updated_at: runAt }).where("id", "in", chunk).execute();
    });
  }
  return ids.length;
}
