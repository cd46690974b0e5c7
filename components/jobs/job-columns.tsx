"use client";

import { type ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { formatBytes, formatUtcCompact } from "@/lib/glacier/format";
import type { JobListRow } from "@/lib/jobs";
import { JobCostFigure } from "./job-cost";
import { type SortKey } from "./job-filters";
import {
  formatDuration,
  jobHref,
  jobLines,
  outputWindow,
  requestAgainHref,
  STATUS_LABELS,
  STATUS_TONES,
  TYPE_LABELS,
} from "./job-format";

/**
 * Column widths of the grid; the header and every virtual row share them. Eight columns fit the 1008 px
 * a 1280 px window leaves beside the navigation (the Job column takes what is left, at least 13rem):
 * type, vault and archive ride on the job's second line, its ids in the hover text.
 */
export const GRID_TEMPLATE = "minmax(13rem,1fr) 6rem 7.5rem 7.5rem 7.5rem 5.5rem 7rem 7.5rem";
/** The smallest width the grid keeps before it scrolls sideways (its fixed columns plus the Job column's minimum). */
export const GRID_MIN_WIDTH = "min-w-[61.5rem]";

/** Sort-only columns: their values show on the Job cell's second line, and `?sort=` may still name them. */
export const HIDDEN_COLUMNS = { type: false, vault: false, archive: false } as const;

/** `canRequestAgain`: the link opens the operator-only wizard, so other roles see the countdown only. */
export function TimeLeft({
  row,
  now,
  canRequestAgain,
}: {
  row: JobListRow;
  now: number;
  canRequestAgain: boolean;
}) {
  const window = outputWindow(row, now);
  const again = canRequestAgain && row.jobId && (
    <Link href={requestAgainHref(row.jobId)} className="text-ice-700 hover:underline" prefetch={false}>
      Request again
    </Link>
  );
  switch (window.state) {
    case "none":
      return <span className="text-slate-400">—</span>;
    case "open":
      return <span>{formatDuration(window.msLeft)}</span>;
    case "expiring":
      return (
        <span className="flex flex-col items-start">
          <span title={`Expires in ${formatDuration(window.msLeft)}`}>
            <Badge tone="warning">
              <span className="sr-only">Expires in </span>
              {formatDuration(window.msLeft)}
            </Badge>
          </span>
          {!row.downloaded && again}
        </span>
      );
    case "expired":
      return (
        <span className="flex flex-col items-start">
          <Badge tone="neutral">Expired</Badge>
          {again}
        </span>
      );
  }
}

/** Everything the two lines leave out, for the hover text. */
function jobHoverText(row: JobListRow, label: string): string {
  return [
    label,
    row.jobId ? `Job id ${row.jobId}` : "Awaiting Glacier's job id",
    row.archive && `Archive ${row.archive}`,
    row.archiveId && `Archive id ${row.archiveId}`,
    `${TYPE_LABELS[row.type]} job in vault ${row.vault}`,
  ]
    .filter(Boolean)
    .join("\n");
}

function JobCell({ row }: { row: JobListRow }) {
  const { label, context } = jobLines(row);
  return (
    <span className="flex min-w-0 flex-col" title={jobHoverText(row, label)}>
      {row.jobId ? (
        <Link
          href={jobHref(row.jobId)}
          className="truncate font-medium text-ice-700 hover:underline"
          prefetch={false}
        >
          {label}
        </Link>
      ) : (
        <span className="truncate font-medium">{label}</span>
      )}
      <span className="truncate text-[11px] text-slate-500">{context}</span>
    </span>
  );
}

/** A date as the whole ISO day over its UTC minute: two short lines fit the narrow column whole. */
function UtcCell({ iso }: { iso: string | null }) {
  const [day, minute] = formatUtcCompact(iso).split(" ");
  if (!iso || !minute) return day;
  return (
    <time dateTime={iso} className="flex flex-col leading-tight">
      <span>{day}</span>
      <span className="text-slate-500">{minute}</span>
    </time>
  );
}

function StatusCell({ row }: { row: JobListRow }) {
  return (
    <span className="flex flex-col items-start gap-0.5" title={row.statusMessage ?? undefined}>
      <Badge tone={STATUS_TONES[row.status]}>{STATUS_LABELS[row.status]}</Badge>
      {row.verified === "verified" && <span className="text-[11px] text-emerald-700">verified</span>}
      {row.verified === "mismatch" && (
        <span className="text-[11px] font-medium text-red-700">tree-hash mismatch</span>
      )}
      {row.verified === null && row.downloaded && (
        <span className="text-[11px] text-slate-500">downloaded</span>
      )}
    </span>
  );
}

const timeLeftSortValue = (row: JobListRow): string | undefined =>
  row.status === "Succeeded" && !row.gone ? (row.expiresAt ?? undefined) : undefined;

/** Column definitions; `now` drives the countdowns. */
export function jobColumns(now: number, canRequestAgain: boolean): ColumnDef<JobListRow>[] {
  const col = (
    id: SortKey | "job",
    header: string,
    accessor: (row: JobListRow) => string | number | undefined,
    cell: (row: JobListRow) => React.ReactNode,
  ): ColumnDef<JobListRow> => ({
    id,
    header,
    accessorFn: accessor,
    sortUndefined: "last",
    enableSorting: id !== "job",
    cell: (ctx) => cell(ctx.row.original),
  });
  return [
    col(
      "job",
      "Job",
      (r) => jobLines(r).label,
      (r) => <JobCell row={r} />,
    ),
    col(
      "type",
      "Type",
      (r) => TYPE_LABELS[r.type],
      (r) => TYPE_LABELS[r.type],
    ),
    col(
      "vault",
      "Vault",
      (r) => r.vault,
      (r) => (
        <span className="truncate" title={r.vault}>
          {r.vault}
        </span>
      ),
    ),
    col(
      "archive",
      "Archive",
      (r) => r.archive ?? r.archiveId ?? undefined,
      (r) =>
        r.archive ? (
          <span className="truncate" title={r.archive}>
            {r.archive}
          </span>
        ) : r.archiveId ? (
          <span className="truncate font-mono text-[11px] text-slate-500" title={r.archiveId}>
            {r.archiveId.slice(0, 16)}…
          </span>
        ) : (
          <span className="text-slate-400">—</span>
        ),
    ),
    col(
      "tier",
      "Tier",
      (r) => r.tier ?? undefined,
      (r) => <span className="whitespace-nowrap">{r.tier ?? "—"}</span>,
    ),
    col(
      "status",
      "Status",
      (r) => STATUS_LABELS[r.status],
      (r) => <StatusCell row={r} />,
    ),
    col(
      "created",
      "Created (UTC)",
      (r) => r.created,
      (r) => <UtcCell iso={r.created} />,
    ),
    col(
      "completed",
      "Completed (UTC)",
      (r) => r.completed ?? undefined,
      (r) => <UtcCell iso={r.completed} />,
    ),
    col(
      "size",
      "Size",
      (r) => r.size ?? undefined,
      (r) => formatBytes(r.size),
    ),
    col("left", "Time left", timeLeftSortValue, (r) => (
      <TimeLeft row={r} now={now} canRequestAgain={canRequestAgain} />
    )),
    col(
      "cost",
      "Est. cost",
      (r) => r.costUsd ?? undefined,
      // Words ("no price known") wrap within the cell, up to three lines of the row.
      (r) => (
        <span className="block leading-tight whitespace-normal">
          <JobCostFigure cost={r.cost} />
        </span>
      ),
    ),
  ];
}
