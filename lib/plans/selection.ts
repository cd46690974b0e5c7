import "server-only";
import { type Kysely } from "kysely";
import { type Database, dbOf, type DbOptions } from "@/lib/db";
import { type PlanArchive, type PlanSelection } from "@/lib/glacier/plan-form";
import { catalog, checkedName } from "@/lib/inventory/archive-table";
import { InventoryNotFoundError } from "@/lib/inventory/errors";
import { catalogTextMatch, getInventoryRowOrThrow } from "@/lib/inventory/queries";
import { type InventoryRow } from "@/lib/inventory/rows";
import { PlanValidationError } from "./errors";

/**
 * Which archives of an inventory a selection means: all, the catalog's text filter (same match as the
 * catalog browser: path or description contains it, or it is the archive id), or checked ids.
 */

export type SelectionTotals = { archives: number; bytes: number; largest: number; newestCreation: string | null };

/** Checked ids go to the database in chunks well under both dialects' bound-parameter limits. */
const ID_CHUNK = 1000;

export async function inventoryForPlan(db: Kysely<Database>, inventoryId: string): Promise<InventoryRow> {
  try {
    return await getInventoryRowOrThrow(db, inventoryId);
  } catch (error) {
    if (error instanceof InventoryNotFoundError)
      throw new PlanValidationError("That inventory does not exist or is not imported completely.", "inventoryId");
    throw error;
  }
}

/** The selection's archive query, once per id chunk (one query for "all" and "filter"). */
function selectionQueries(db: Kysely<Database>, inventory: InventoryRow, selection: PlanSelection) {
  const table = checkedName(inventory.archive_table);
  const base = () => catalog(db).selectFrom(table);
  if (selection.kind === "all") return [base()];
  if (selection.kind === "ids") {
    const chunks: string[][] = [];
    for (let i = 0; i < selection.archiveIds.length; i += ID_CHUNK) chunks.push(selection.archiveIds.slice(i, i + ID_CHUNK));
    return chunks.map((ids) => base().where("archive_id", "in", ids));
  }
  return [base().where(catalogTextMatch(db, table, selection.q.trim()))];
}

type Totals = SelectionTotals & { smallest: number | null };

export async function totalsOf(db: Kysely<Database>, inventory: InventoryRow, selection: PlanSelection): Promise<Totals> {
  const totals: Totals = { archives: 0, bytes: 0, largest: 0, newestCreation: null, smallest: null };
  for (const query of selectionQueries(db, inventory, selection)) {
    const row = await query
      .select((eb) => [
        eb.fn.countAll().as("n"),
        eb.fn.sum<number>("size").as("bytes"),
        eb.fn.max("size").as("largest"),
        eb.fn.min("size").as("smallest"),
        eb.fn.max("creation_date").as("newest"),
      ])
      .executeTakeFirst();
    const n = Number(row?.n ?? 0);
    if (n === 0) continue;
    totals.archives += n;
    totals.bytes += Number(row?.bytes ?? 0);
    totals.largest = Math.max(totals.largest, Number(row?.largest ?? 0));
    const smallest = Number(row?.smallest ?? 0);
    totals.smallest = totals.smallest === null ? smallest : Math.min(totals.smallest, smallest);
    const newest = row?.newest ?? null;
    if (newest !== null && (totals.newestCreation === null || newest > totals.newestCreation)) totals.newestCreation = newest;
  }
  return totals;
}

/** Count, bytes, largest archive and newest creation date of a selection (the form's live totals). */
export async function selectionTotals(
  inventoryId: string,
  selection: PlanSelection,
  options: DbOptions = {},
): Promise<SelectionTotals> {
  const db = await dbOf(options);
  const { archives, bytes, largest, newestCreation } = await totalsOf(db, await inventoryForPlan(db, inventoryId), selection);
  return { archives, bytes, largest, newestCreation };
}

/** Every selected archive, in inventory order. */
export async function selectedArchives(
  db: Kysely<Database>,
  inventory: InventoryRow,
  selection: PlanSelection,
): Promise<PlanArchive[]> {
  const archives: PlanArchive[] = [];
  for (const query of selectionQueries(db, inventory, selection)) {
    const rows = await query
      .select(["seq", "archive_id", "description", "decoded_path", "size", "tree_hash", "creation_date"])
      .orderBy("seq")
      .execute();
    for (const r of rows)
      archives.push({
        archiveId: r.archive_id,
        description: r.description,
        decodedPath: r.decoded_path,
        size: Number(r.size),
        treeHash: r.tree_hash,
        creationDate: r.creation_date,
      });
  }
  return archives;
}
