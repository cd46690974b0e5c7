import "server-only";
import { type Kysely, sql } from "kysely";
import { type Database } from "@/lib/db";
import { type ArchiveTableName } from "./archive-table";

/**
 * Names learnt outside the descriptions (archive_names, per connection and data vault) override
 * what the descriptions said: Synology's data archives carry opaque descriptions.
 * UPDATE … FROM reads the same on SQLite (3.33+) and PostgreSQL.
 * Returns how many archives of the table got a name.
 */
export async function applyArchiveNames(
  db: Kysely<Database>,
  target: { connectionId: string; vaultName: string; table: ArchiveTableName },
): Promise<number> {
  const any = await db
    .selectFrom("archive_names")
    .select("archive_id")
    .where("connection_id", "=", target.connectionId)
    .where("vault_name", "=", target.vaultName)
    .limit(1)
    .executeTakeFirst();
  if (!any) return 0;
  const table = sql.table(target.table);
  const result = await sql`
    update ${table} set decoded_path = n.path, decoded_format = ${"synology"}
    from archive_names n
    where n.connection_id = ${target.connectionId} and n.vault_name = ${target.vaultName}
      and n.archive_id = ${table}.archive_id`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** The data vault a Synology mapping vault belongs to: `photos_mapping` → `photos`. */
export function dataVaultOf(vaultName: string): string {
  return vaultName.endsWith("_mapping") && vaultName.length > "_mapping".length
    ? vaultName.slice(0, -"_mapping".length)
    : vaultName;
}
