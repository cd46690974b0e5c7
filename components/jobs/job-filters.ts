/** The jobs page's filters, search and sort: URL parsers and the in-memory filter. Pure. */

import { createLoader, parseAsString, parseAsStringLiteral } from "nuqs/server";
import { JOB_TYPES } from "@/lib/glacier/job-types";
import type { JobListRow } from "@/lib/jobs";
import { outputWindow, STATUS_LABELS, TYPE_LABELS } from "./job-format";

export const STATUS_FILTERS = [
  "all",
  "in-progress",
  "succeeded",
  "failed",
  "to-download",
  "expiring",
  "expired",
] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export const STATUS_FILTER_LABELS: Record<StatusFilter, string> = {
  all: "All statuses",
  "in-progress": "In progress",
  succeeded: "Succeeded",
  failed: "Failed",
  "to-download": "Output not downloaded yet",
  expiring: "Output expiring soon",
  expired: "Output expired",
};

export const SORT_KEYS = [
  "created",
  "completed",
  "type",
  "vault",
  "archive",
  "tier",
  "status",
  "size",
  "left",
  "cost",
] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** The server filters and pages (lib/jobs listJobPage): a change re-renders the page on the server. */
const server = { shallow: false } as const;

/**
 * URL state: `?q=&status=&type=&vault=` (filtered in the database), `older=`/`newer=` (the page's
 * keyset cursor) and `sort=&dir=` (the order within the page); defaults stay out of the URL.
 */
export const jobsQueryParsers = {
  q: parseAsString.withDefault("").withOptions(server),
  status: parseAsStringLiteral(STATUS_FILTERS).withDefault("all").withOptions(server),
  type: parseAsStringLiteral(["all", ...JOB_TYPES] as const)
    .withDefault("all")
    .withOptions(server),
  vault: parseAsString.withDefault("").withOptions(server),
  older: parseAsString.withDefault("").withOptions(server),
  newer: parseAsString.withDefault("").withOptions(server),
  sort: parseAsStringLiteral(SORT_KEYS).withDefault("created"),
  dir: parseAsStringLiteral(["asc", "desc"] as const).withDefault("desc"),
};

export const loadJobsSearchParams = createLoader(jobsQueryParsers);

export type JobsQuery = {
  q: string;
  status: StatusFilter;
  type: "all" | JobListRow["type"];
  vault: string;
};

/** Lower-cased text a search matches: ids, names, descriptions, status words. */
export function searchText(row: JobListRow): string {
  return [
    row.jobId,
    row.vault,
    row.archive,
    row.archiveId,
    row.description,
    row.tier,
    STATUS_LABELS[row.status],
    TYPE_LABELS[row.type],
  ]
    .filter(Boolean)
    .join("\n")
    .toLowerCase();
}

function matchesStatus(row: JobListRow, status: StatusFilter, now: number): boolean {
  switch (status) {
    case "all":
      return true;
    case "in-progress":
      return row.status === "InProgress" || row.status === "Submitting";
    case "succeeded":
      return row.status === "Succeeded";
    case "failed":
      return row.status === "Failed";
    case "to-download": {
      const w = outputWindow(row, now).state;
      return (w === "open" || w === "expiring") && !row.downloaded;
    }
    case "expiring":
      return outputWindow(row, now).state === "expiring";
    case "expired":
      return outputWindow(row, now).state === "expired";
  }
}

/** Rows passing every filter; `texts` holds searchText per row key (computed once per row list). */
export function filterRows(
  rows: JobListRow[],
  texts: Map<string, string>,
  query: JobsQuery,
  now: number,
): JobListRow[] {
  const words = query.q.toLowerCase().split(/\s+/).filter(Boolean);
  return rows.filter((row) => {
    if (query.type !== "all" && row.type !== query.type) return false;
    if (query.vault !== "" && row.vault !== query.vault) return false;
    if (!matchesStatus(row, query.status, now)) return false;
    if (words.length === 0) return true;
    const text = texts.get(row.key) ?? "";
    return words.every((w) => text.includes(w));
  });
}
