/**
 * What an inventory covers: the whole vault, a date window (StartDate inclusive, EndDate exclusive)
 * or a page of a Limit/Marker run — docs.aws.amazon.com/amazonglacier/latest/dev/api-InventoryRetrievalJobInput.html
 * and api-describe-job-get.html (InventoryRetrievalParameters.Marker: where to continue; null when
 * nothing is left). Comparisons and labels depend on it: a window is not the vault.
 */

export interface InventoryCoverage {
  /** Archives created on or after (ISO 8601 UTC); null: from the first. */
  startDate: string | null;
  /** Archives created before (exclusive); null: up to the inventory. */
  endDate: string | null;
  limit: number | null;
  /** The Marker this page started from; null for a run's first page (or no run). */
  startMarker: string | null;
  /** The Marker the next page starts from; null when the run ended here. */
  nextMarker: string | null;
}

export const WHOLE_VAULT: InventoryCoverage = {
  startDate: null,
  endDate: null,
  limit: null,
  startMarker: null,
  nextMarker: null,
};

export type CoverageKind = "vault" | "window" | "page";

const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

/**
 * Coverage from DescribeJob's InventoryRetrievalParameters (dates, Limit, the next Marker) and the
 * parameters Thaw sent (the Marker the page started from; unknown for jobs started elsewhere).
 */
export function coverageOfJob(described: unknown, sent: unknown): InventoryCoverage {
  const d = (described ?? {}) as Record<string, unknown>;
  const s = (sent ?? {}) as Record<string, unknown>;
  const limit = Number(text(d.Limit) ?? (typeof d.Limit === "number" ? d.Limit : NaN));
  return {
    startDate: text(d.StartDate),
    endDate: text(d.EndDate),
    limit: Number.isSafeInteger(limit) && limit > 0 ? limit : null,
    startMarker: text(s.Marker),
    nextMarker: text(d.Marker),
  };
}

/** A page only when the run really has more than one page: a Limit that held everything is the whole. */
export function isPage(c: InventoryCoverage): boolean {
  return c.startMarker !== null || c.nextMarker !== null;
}

export function coverageKind(c: InventoryCoverage): CoverageKind {
  if (isPage(c)) return "page";
  return c.startDate !== null || c.endDate !== null ? "window" : "vault";
}

/** Same window and the same page (both markers): only such inventories compare archive for archive. */
export function sameCoverage(a: InventoryCoverage, b: InventoryCoverage): boolean {
  return (
    a.startDate === b.startDate &&
    a.endDate === b.endDate &&
    (isPage(a) || isPage(b)
      ? a.limit === b.limit && a.startMarker === b.startMarker && a.nextMarker === b.nextMarker
      : true)
  );
}

const day = (iso: string) => (iso.length > 10 && iso.endsWith("T00:00:00Z") ? iso.slice(0, 10) : iso);

/** "archives created 2024-01-01 to before 2024-07-01 (UTC)". */
export function windowLabel(c: Pick<InventoryCoverage, "startDate" | "endDate">): string {
  if (c.startDate && c.endDate)
    return `archives created ${day(c.startDate)} to before ${day(c.endDate)} (UTC)`;
  if (c.startDate) return `archives created on or after ${day(c.startDate)} (UTC)`;
  if (c.endDate) return `archives created before ${day(c.endDate)} (UTC)`;
  return "all archives";
}

/** How a header or picker names what the inventory covers. */
export function coverageLabel(c: InventoryCoverage): string {
  const kind = coverageKind(c);
  if (kind === "vault") return "the whole vault";
  const window = c.startDate || c.endDate ? `, ${windowLabel(c)}` : "";
  if (kind === "window") return `a date window only: ${windowLabel(c)}`;
  const which =
    c.startMarker === null ? "the first page" : c.nextMarker === null ? "the last page" : "a page";
  return `${which} of a paged run only (up to ${c.limit ?? "?"} archives${window})`;
}

/** What follows "all N archives" on a partial inventory: " in this window" or " on this page". */
export function allArchivesLabel(c: InventoryCoverage): string {
  const kind = coverageKind(c);
  return kind === "vault" ? "" : kind === "window" ? " in this window" : " on this page";
}
