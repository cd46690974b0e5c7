"use client";

import { Truck } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { storeCheckedSelection } from "@/components/plans/checked-selection";
import { newPlanHref } from "@/components/plans/search-params";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { formatBytes, formatUtc } from "@/lib/glacier/format";
import type { CatalogArchiveRow } from "@/lib/inventory";

/**
 * One page of the catalog with per-archive flags and "retrieve". Selecting several archives lists a
 * prefilled retrieval wizard per archive (Glacier starts one job per archive; each link opens the
 * wizard for one of them) and lets the ids be copied for a script. Viewers (`canRetrieve` false) can
 * still select and copy ids, but get no links to wizards that would answer them with a 404.
 */
export function CatalogTable({
  rows,
  inventoryId,
  canRetrieve,
}: {
  rows: CatalogArchiveRow[];
  inventoryId: string;
  canRetrieve: boolean;
}) {
  const router = useRouter();
  const [selected, setSelected] = useState<Map<string, CatalogArchiveRow>>(new Map());
  const toggle = (row: CatalogArchiveRow) =>
    setSelected((current) => {
      const next = new Map(current);
      if (next.has(row.archiveId)) next.delete(row.archiveId);
      else next.set(row.archiveId, row);
      return next;
    });
  const chosen = [...selected.values()];
  return (
    <div className="space-y-3">
      <DataTable
        label="Archives"
        size="xs"
        columns={[
          { label: <span className="sr-only">Select</span>, className: "w-8" },
          "Name",
          { label: "Size", numeric: true },
          "Created",
          "Format",
          canRetrieve && { label: <span className="sr-only">Actions</span> },
        ]}
      >
        {rows.map((row) => (
          <tr key={row.archiveId} aria-label={row.path ?? row.archiveId}>
            <td className="px-2 py-1.5">
              <input
                type="checkbox"
                aria-label={`Select ${row.path ?? row.archiveId}`}
                checked={selected.has(row.archiveId)}
                onChange={() => toggle(row)}
              />
            </td>
            <td className="max-w-md px-2 py-1.5">
              <span className="block truncate font-medium text-slate-900" title={row.path ?? undefined}>
                {row.path ?? (
                  <span className="font-normal text-slate-500">
                    {row.empty ? "(no description)" : row.description}
                  </span>
                )}
              </span>
              <span className="block truncate font-mono text-[10px] text-slate-400" title={row.archiveId}>
                {row.archiveId}
              </span>
              <span className="flex gap-1">
                {row.duplicate && <Badge tone="warning">duplicate</Badge>}
                {row.empty && <Badge tone="neutral">empty description</Badge>}
              </span>
            </td>
            <td className="px-2 py-1.5 text-right whitespace-nowrap tabular-nums">{formatBytes(row.size)}</td>
            <td className="px-2 py-1.5 whitespace-nowrap">{formatUtc(row.creationDate)}</td>
            <td className="px-2 py-1.5 whitespace-nowrap" title={row.description}>
              {row.format}
            </td>
            {canRetrieve && (
              <td className="px-2 py-1.5 whitespace-nowrap">
                <Link
                  href={row.retrieveHref}
                  className="text-ice-700 hover:underline"
                  aria-label={`Retrieve ${row.path ?? row.archiveId}`}
                >
                  Retrieve this archive
                </Link>
              </td>
            )}
          </tr>
        ))}
      </DataTable>
      {chosen.length > 0 && (
        <section
          aria-label="Selected archives"
          className="rounded-lg border border-ice-200 bg-ice-50 p-3 text-sm"
        >
          <div className="flex flex-wrap items-center justify-between gap-2">
            <p className="font-medium">
              {chosen.length} selected · {formatBytes(chosen.reduce((n, r) => n + r.size, 0))}
            </p>
            <div className="flex flex-wrap gap-2">
              {canRetrieve && (
                <Button
                  variant="primary"
                  onClick={() => {
                    storeCheckedSelection(inventoryId, chosen);
                    router.push(newPlanHref(inventoryId, { checked: true }));
                  }}
                >
                  <Truck aria-hidden className="size-4" /> Plan migration of {chosen.length} checked
                </Button>
              )}
              <Button
                onClick={() => void navigator.clipboard.writeText(chosen.map((r) => r.archiveId).join("\n"))}
              >
                Copy archive ids
              </Button>
              <Button variant="ghost" onClick={() => setSelected(new Map())}>
                Clear selection
              </Button>
            </div>
          </div>
          {canRetrieve && (
            <>
              <p className="mt-1 text-xs text-slate-600">
                Glacier retrieves one archive per job: open each prefilled wizard to start its job.
              </p>
              <ul className="mt-2 space-y-1">
                {chosen.map((r) => (
                  <li key={r.archiveId}>
                    <Link href={r.retrieveHref} target="_blank" className="text-ice-700 hover:underline">
                      Retrieve {r.path ?? r.archiveId}
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
    </div>
  );
}
