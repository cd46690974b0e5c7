/** Links into the plan form from the catalog: all archives, a search, or the checked rows (kept in sessionStorage). */
export function newPlanHref(inventoryId: string, selection: { q?: string; checked?: boolean } = {}): string {
  const params = new URLSearchParams({ inventory: inventoryId });
  if (selection.checked) params.set("selection", "checked");
  else if (selection.q) params.set("q", selection.q);
  return `/plans/new?${params.toString()}`;
}
