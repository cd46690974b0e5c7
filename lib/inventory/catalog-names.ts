import "server-only";
import { type Kysely } from "kysely";
import { type Database } from "@/lib/db";
import { catalog, checkedName } from "./archive-table";

const CHUNK = 500;

/**
 * ArchiveDescriptions and sizes of archives by id, from the newest complete inventory of each vault:
 * the job list names archives with them and prices jobs whose size was unknown at submission.
 * `wanted` maps vault → archive ids; the answer maps archive id → description and size (archive ids
 * are unique across vaults).
 */
export async function catalogDescriptions(
  db: Kysely<Database>,
  connectionId: string,
  wanted: Map<string, Set<string>>,
): Promise<Map<string, { description: string; size: number }>> {
  const found = new Map<string, { description: string; size: number }>();
  if (wanted.size === 0) return found;
  const inventories = await db
    .selectFrom("inventories")
    .select(["vault_name", "archive_table", "inventory_date", "imported_at"])
    .where("connection_id", "=", connectionId)
    .where("status", "=", "complete")
    .where("vault_name", "in", [...wanted.keys()])
    .orderBy("inventory_date", "desc")
    .orderBy("imported_at", "desc")
    .execute();
  const newest = new Map<string, string>();
  for (const inv of inventories)
    if (!newest.has(inv.vault_name)) newest.set(inv.vault_name, inv.archive_table);
  for (const [vault, table] of newest) {
    const ids = [...(wanted.get(vault) ?? [])];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = await catalog(db)
        .selectFrom(checkedName(table))
        .select(["archive_id", "description", "size"])
        .where("archive_id", "in", ids.slice(i, i + CHUNK))
        .execute();
      for (const r of rows) found.set(r.archive_id, { description: r.description, size: Number(r.size) });
    }
  }
  return found;
}
