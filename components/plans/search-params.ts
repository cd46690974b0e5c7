import {
  createLoader,
  createSerializer,
  parseAsInteger,
  parseAsString,
  parseAsStringLiteral,
} from "nuqs/server";
import { PLAN_ITEM_STATES } from "@/lib/glacier/plan-item-states";

/**
 * `/plans/new?inventory=<id>` plus `q=<filter>` or `selection=checked` (ids from the catalog's checked
 * rows, kept in this tab's sessionStorage).
 */
export const newPlanSearchParams = {
  inventory: parseAsString.withDefault(""),
  selection: parseAsStringLiteral(["checked"] as const),
  q: parseAsString.withDefault(""),
};

export const loadNewPlanSearchParams = createLoader(newPlanSearchParams);
const newPlanSerializer = createSerializer(newPlanSearchParams);

/** Links into the plan form from the catalog: all archives, a search, or the checked rows. */
export function newPlanHref(inventoryId: string, selection: { q?: string; checked?: boolean } = {}): string {
  return newPlanSerializer("/plans/new", {
    inventory: inventoryId,
    ...(selection.checked ? { selection: "checked" } : { q: selection.q ?? "" }),
  });
}

/** A plan page's archive list: `?status=<item state>&page=<n>` (page 1 and "all states" stay out of the URL). */
export const planItemsSearchParams = {
  status: parseAsStringLiteral(PLAN_ITEM_STATES),
  page: parseAsInteger.withDefault(1),
};

export const loadPlanItemsSearchParams = createLoader(planItemsSearchParams);
export const planItemsHref = createSerializer(planItemsSearchParams);
