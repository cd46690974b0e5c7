import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { DataTable } from "@/components/ui/data-table";
import { formatBytes, formatCount, formatUtcCompact } from "@/lib/glacier/format";
import { planItemsHref } from "./search-params";
import { ITEM_STATE_LABELS, ITEM_STATE_TONES, ITEM_STATES, type ItemState } from "./plan-format";

export type PlanItemRow = {
  archiveId: string;
  /** Null until the plan reaches the archive: its key is given then. */
  objectKey: string | null;
  size: number;
  status: ItemState;
  attempts: number;
  glacierJobId: string | null;
  error: string | null;
  updatedAt: string | null;
};

export const PLAN_ITEMS_PAGE_SIZE = 50;

function href(basePath: string, status: ItemState | null, page: number): string {
  return planItemsHref(`${basePath}#items`, { status, page });
}

/** One page of a plan's archives in execution order, filtered by state through the URL. */
export function PlanItemsTable({
  basePath,
  items,
  total,
  counts,
  status,
  page,
}: {
  basePath: string;
  items: PlanItemRow[];
  total: number;
  counts: Record<ItemState, number>;
  status: ItemState | null;
  page: number;
}) {
  const pages = Math.max(1, Math.ceil(total / PLAN_ITEMS_PAGE_SIZE));
  const filters: Array<[ItemState | null, string, number]> = [
    [null, "All", ITEM_STATES.reduce((n, s) => n + counts[s], 0)],
    ...ITEM_STATES.map((s): [ItemState, string, number] => [s, ITEM_STATE_LABELS[s], counts[s]]),
  ];
  return (
    <section id="items" aria-label="Plan archives" className="space-y-3">
      <nav aria-label="Filter archives by state" className="flex flex-wrap gap-2 text-sm">
        {filters.map(([value, label, n]) => (
          <Link
            key={label}
            href={href(basePath, value, 1)}
            scroll={false}
            aria-current={status === value ? "page" : undefined}
            className={cn(
              "rounded-full px-3 py-1 ring-1 ring-slate-200",
              status === value
                ? "bg-ice-700 text-white ring-ice-700"
                : "bg-white text-slate-700 hover:bg-slate-50",
            )}
          >
            {label} ({formatCount(n)})
          </Link>
        ))}
      </nav>
      <DataTable
        label="Archives of the plan"
        size="xs"
        columns={[
          "Object key",
          { label: "Size", numeric: true },
          "State",
          { label: "Attempts", numeric: true },
          "Job",
          "Updated (UTC)",
        ]}
      >
        {items.length === 0 && (
          <tr>
            <td colSpan={6} className="px-2 py-6 text-center text-slate-500">
              No archives in this state.
            </td>
          </tr>
        )}
        {items.map((item) => (
          <tr key={item.archiveId} aria-label={item.objectKey ?? item.archiveId}>
            <td className="max-w-md px-2 py-1.5">
              {item.objectKey === null ? (
                <span className="block text-slate-500 italic">Key given when the plan reaches it</span>
              ) : (
                <span className="block truncate font-medium text-slate-900" title={item.objectKey}>
                  {item.objectKey}
                </span>
              )}
              <span className="block truncate font-mono text-[10px] text-slate-400" title={item.archiveId}>
                {item.archiveId}
              </span>
              {item.error && <span className="block text-red-700">{item.error}</span>}
            </td>
            <td className="px-2 py-1.5 text-right whitespace-nowrap tabular-nums">
              {formatBytes(item.size)}
            </td>
            <td className="px-2 py-1.5">
              <Badge tone={ITEM_STATE_TONES[item.status]}>{ITEM_STATE_LABELS[item.status]}</Badge>
            </td>
            <td className="px-2 py-1.5 text-right tabular-nums">{item.attempts}</td>
            <td className="max-w-40 px-2 py-1.5">
              {item.glacierJobId ? (
                <Link
                  href={`/jobs/${encodeURIComponent(item.glacierJobId)}`}
                  className="block truncate font-mono text-ice-700 hover:underline"
                  title={item.glacierJobId}
                >
                  {item.glacierJobId}
                </Link>
              ) : (
                "—"
              )}
            </td>
            <td className="px-2 py-1.5 whitespace-nowrap">
              {item.updatedAt === null ? "—" : formatUtcCompact(item.updatedAt)}
            </td>
          </tr>
        ))}
      </DataTable>
      {pages > 1 && (
        <nav aria-label="Plan archive pages" className="flex items-center gap-3 text-sm">
          {page > 1 && (
            <Link
              href={href(basePath, status, page - 1)}
              scroll={false}
              className="text-ice-700 hover:underline"
            >
              Previous page
            </Link>
          )}
          <span className="text-slate-600">
            Page {page} of {pages}
          </span>
          {page < pages && (
            <Link
              href={href(basePath, status, page + 1)}
              scroll={false}
              className="text-ice-700 hover:underline"
            >
              Next page
            </Link>
          )}
        </nav>
      )}
    </section>
  );
}
