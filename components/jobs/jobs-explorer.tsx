"use client";

import {
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  type SortingState,
  useReactTable,
} from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useRouter } from "next/navigation";
import { useQueryStates } from "nuqs";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import { useDeferredValue, useMemo, useRef } from "react";
import { formatCount, formatUtc } from "@/lib/glacier/format";
import type { JobListRow } from "@/lib/jobs";
import { GRID_MIN_WIDTH, GRID_TEMPLATE, HIDDEN_COLUMNS, jobColumns } from "./job-columns";
import { filterRows, jobsQueryParsers, searchText, type SortKey } from "./job-filters";
import { type JobsPageLinks, JobsPager } from "./jobs-pager";
import { JobsToolbar } from "./jobs-toolbar";
import { useJobFeed, useNow } from "./use-job-feed";

type Props = {
  /** One page of jobs, filtered and paged on the server (lib/jobs listJobPage). */
  initialRows: JobListRow[];
  page: JobsPageLinks;
  /** Every vault the connection has jobs in (the vault filter). */
  vaults: string[];
  renderedAt: string;
  /** Operators and admins: "Request again" opens a wizard other roles cannot use. */
  canRequestAgain: boolean;
};

const ROW_HEIGHT = 52;

/** The jobs page body: a page of live rows, filters, paging and sort in the URL, a virtualized grid. */
export function JobsExplorer(props: Props) {
  return (
    <NuqsAdapter>
      <Explorer {...props} />
    </NuqsAdapter>
  );
}

function Explorer({ initialRows, page, vaults, renderedAt, canRequestAgain }: Props) {
  const { rows, sync, connected, newJobs } = useJobFeed(initialRows, renderedAt);
  const now = useNow(renderedAt);
  const router = useRouter();
  const [query, setQuery] = useQueryStates(jobsQueryParsers, { history: "replace", throttleMs: 200 });
  // Typing stays responsive: filtering 10 000 rows follows the input at React's pace, not per key.
  const search = useDeferredValue(query.q);

  const texts = useMemo(() => new Map(rows.map((r) => [r.key, searchText(r)])), [rows]);
  // A new filter starts from the newest page.
  const setFilters: typeof setQuery = (values, options) =>
    setQuery(typeof values === "function" ? values : { ...values, older: null, newer: null }, options);
  const filtered = useMemo(
    () =>
      filterRows(rows, texts, { q: search, status: query.status, type: query.type, vault: query.vault }, now),
    [rows, texts, search, query.status, query.type, query.vault, now],
  );
  const columns = useMemo(() => jobColumns(now, canRequestAgain), [now, canRequestAgain]);
  const sorting: SortingState = useMemo(
    () => [{ id: query.sort, desc: query.dir === "desc" }],
    [query.sort, query.dir],
  );

  // TanStack Table returns fresh functions each render by design; React Compiler skips this component.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: rows,
    columns,
    state: { sorting, columnVisibility: HIDDEN_COLUMNS },
    onSortingChange: (updater) => {
      const next = typeof updater === "function" ? updater(sorting) : updater;
      const first = next[0];
      void setQuery(
        first ? { sort: first.id as SortKey, dir: first.desc ? "desc" : "asc" } : { sort: null, dir: null },
      );
    },
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: (row) => row.key,
  });
  // The table sorts every row once (per data or sort change); typing only filters that sorted list.
  const sortedRows = table.getRowModel().rows;
  const tableRows = useMemo(() => {
    if (filtered.length === rows.length) return sortedRows;
    const keep = new Set(filtered.map((r) => r.key));
    return sortedRows.filter((r) => keep.has(r.id));
  }, [sortedRows, filtered, rows.length]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: tableRows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  return (
    <div className="space-y-3">
      <JobsToolbar query={query} setQuery={setFilters} vaults={vaults} />
      <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-slate-600">
        <p aria-live="polite" data-testid="jobs-count">
          Showing {formatCount(tableRows.length)} of {formatCount(rows.length)} jobs on this page
        </p>
        {newJobs > 0 && (
          <button type="button" className="text-ice-700 hover:underline" onClick={() => router.refresh()}>
            {formatCount(newJobs)} new job{newJobs === 1 ? "" : "s"}: show
          </button>
        )}
        <JobsPager
          links={page}
          paged={query.older !== "" || query.newer !== ""}
          go={(to) => void setQuery(to)}
        />
        <p>
          {connected ? "Live" : "Connecting…"}
          {sync && ` · synced with Glacier ${formatUtc(sync.at)}`}
          {sync &&
            sync.imported > 0 &&
            ` · ${sync.imported} new job${sync.imported === 1 ? "" : "s"} imported`}
          {sync?.message && <span className="text-red-700"> · sync failed: {sync.message}</span>}
          {sync && sync.failedVaults.length > 0 && (
            <span className="text-amber-700"> · could not list {sync.failedVaults.join(", ")}</span>
          )}
        </p>
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <div
          role="table"
          aria-label="Jobs"
          aria-rowcount={tableRows.length + 1}
          className={`${GRID_MIN_WIDTH} text-sm`}
        >
          <div
            role="rowgroup"
            className="border-b border-slate-200 bg-slate-50 text-xs tracking-wide text-slate-500 uppercase"
          >
            {table.getHeaderGroups().map((group) => (
              <div role="row" key={group.id} className="grid" style={{ gridTemplateColumns: GRID_TEMPLATE }}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  return (
                    <div
                      role="columnheader"
                      key={header.id}
                      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none"}
                      className="px-2 py-2 font-medium"
                    >
                      {header.column.getCanSort() ? (
                        <button
                          type="button"
                          className="text-left uppercase hover:text-slate-800"
                          onClick={header.column.getToggleSortingHandler()}
                        >
                          {flexRender(header.column.columnDef.header, header.getContext())}
                          {sorted === "asc" ? " ▲" : sorted === "desc" ? " ▼" : ""}
                        </button>
                      ) : (
                        flexRender(header.column.columnDef.header, header.getContext())
                      )}
                    </div>
                  );
                })}
              </div>
            ))}
          </div>
          <div ref={scrollRef} role="rowgroup" className="relative h-[65vh] min-h-80 overflow-auto">
            {tableRows.length === 0 && (
              <p className="p-6 text-center text-sm text-slate-600">No job matches these filters.</p>
            )}
            <div style={{ height: virtualizer.getTotalSize() }} className="relative">
              {virtualizer.getVirtualItems().map((item) => {
                const row = tableRows[item.index];
                if (!row) return null;
                return (
                  <div
                    role="row"
                    key={row.id}
                    aria-rowindex={item.index + 2}
                    className="absolute inset-x-0 grid items-center border-b border-slate-100 hover:bg-slate-50"
                    style={{
                      gridTemplateColumns: GRID_TEMPLATE,
                      height: ROW_HEIGHT,
                      transform: `translateY(${item.start}px)`,
                    }}
                  >
                    {row.getVisibleCells().map((cell) => (
                      <div role="cell" key={cell.id} className="min-w-0 truncate px-2 text-xs text-slate-700">
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </div>
                    ))}
                  </div>
                );
              })}
            </div>
          </div>
        </div>
      </div>
    </div>
  );
}
