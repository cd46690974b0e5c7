import "server-only";
import { type Kysely } from "kysely";
import { type Database, dbOf, type DbOptions } from "@/lib/db";
import { type PlanSelection } from "@/lib/glacier/plan-form";
import {
  getInventoryRowOrThrow,
  InventoryNotFoundError,
  type InventoryRow,
  selectionTotalsOf,
  type SelectionTotals,
} from "@/lib/inventory";
import { PlanValidationError } from "./errors";

/** A plan's inventory and selection; which archives a selection means is lib/inventory's (selection.ts). */

export type { SelectionTotals };

export async function inventoryForPlan(db: Kysely<Database>, inventoryId: string): Promise<InventoryRow> {
  try {
    return await getInventoryRowOrThrow(db, inventoryId);
  } catch (error) {
    if (error instanceof InventoryNotFoundError)
      throw new PlanValidationError(
        "That inventory does not exist or is not imported completely.",
        "inventoryId",
      );
    throw error;
  }
}

/** Count, bytes, largest archive and newest creation date of a selection (the form's live totals). */
export async function selectionTotals(
  inventoryId: string,
  selection: PlanSelection,
  options: DbOptions = {},
): Promise<SelectionTotals> {
  const db = await dbOf(options);
  const { archives, bytes, largest, newestCreation } = await selectionTotalsOf(
    db,
    await inventoryForPlan(db, inventoryId),
    selection,
  );
  return { archives, bytes, largest, newestCreation };
}
