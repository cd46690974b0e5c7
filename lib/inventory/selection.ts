import "server-only";
import { type Kysely } from "kysely";
import { type Database } from "@/lib/db";
import { type PlanSelection } from "@/lib/glacier/plan-form";
import { catalog, checkedName } from "./archive-table";
import { catalogTextMatch } from "./queries";
import { type InventoryRow } from "./rows";

/**
 * Which archives of an inventory a selection means: all, the catalog's text filter (same match as the
 * catalog browser: path or description contains it, or it is the archive id), or checked ids.
 */

export type SelectionTotals = {
  archives: number;
  bytes: number;
  largest: number;
  newestCreation: string | null;
};
export type SelectionTotalsWithSmallest = SelectionTotals & { smallest: number | null };

/** Checked ids go to the database in chunks well under both dialects' bound-parameter limits. */
const ID_CHUNK = 1000;

/** The selection's archive query, once per id chunk (one query for "all" and "filter"). */
function selectionQueries(db: Kysely<Database>, inventory: InventoryRow, selection: PlanSelection) {
  const table = checkedName(inventory.archive_table);
  const base = () => catalog(db).selectFrom(table);
  if (selection.kind === "all") return [base()];
  if (selection.kind === "ids") {
    const chunks: string[][] = [];
    for (let i = 0; i < selection.archiveIds.length; i += ID_CHUNK)
      chunks.push(selection.archiveIds.slice(i, i + ID_CHUNK));
    return chunks.map((ids) => base().where("archive_id", "in", ids));
  }
  return [base().where(catalogTextMatch(db, table, selection.q.trim()))];
}

/** Count, bytes, largest and smallest archive and newest creation date of a selection. */
export async function selectionTotalsOf(
  db: Kysely<Database>,
  inventory: InventoryRow,
  selection: PlanSelection,
): Promise<SelectionTotalsWithSmallest> {
  const totals: SelectionTotalsWithSmallest = {
    archives: 0,
    bytes: 0,
    largest: 0,
    newestCreation: null,
    smallest: null,
  };
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
    if (newest !== null && (totals.newestCreation === null || newest > totals.newestCreation))
      totals.newestCreation = newest;
  }
  return totals;
}

/**
 * The selection as a query another service can embed in its own statement: lib/plans reads it inside
 * `INSERT INTO plan_order … SELECT` (and, a batch at a time, to write a plan's
 * items: `{ kind: "all" }` joined by seq), so millions of archives never pass through JavaScript.
 * Ownership: which archives a selection means, the per-import table's name and its columns are
 * lib/inventory's, so it builds the SELECT; plan_items is lib/plans', so lib/plans writes the
 * INSERT around it. No service writes another's table, and the caller never names ours. Checked
 * ids go in one IN list: at most MAX_PLAN_IDS (10 000), far below both dialects' parameter limits.
 * Columns: seq (inventory order), archive_id, description, decoded_path, size, tree_hash, creation_date.
 */
export function selectionSource(db: Kysely<Database>, inventory: InventoryRow, selection: PlanSelection) {
  const table = checkedName(inventory.archive_table);
  return catalog(db)
    .selectFrom(table)
    .select(["seq", "archive_id", "description", "decoded_path", "size", "tree_hash", "creation_date"])
    .$if(selection.kind === "ids", (q) =>
      q.where("archive_id", "in", selection.kind === "ids" ? selection.archiveIds : []),
    )
    .$if(selection.kind === "filter", (q) =>
      q.where(catalogTextMatch(db, table, selection.kind === "filter" ? selection.q.trim() : "")),
    );
}
