import { Truck } from "lucide-react";
import Form from "next/form";
import Link from "next/link";
import { newPlanHref } from "@/components/plans/search-params";
import { ButtonLink } from "@/components/ui/button";
import { Card, Figure } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { formatBytes, formatCount, formatUtc } from "@/lib/glacier/format";
import type { CatalogView } from "@/lib/inventory";
import { BarChart } from "./bar-chart";
import { CatalogTable } from "./catalog-table";
import { CoverageNote } from "./coverage-note";
import { catalogHref } from "./search-params";

type Props = {
  view: CatalogView;
  basePath: string;
  synologyHint?: React.ReactNode;
  /** Query parameters the search form keeps (e.g. `catalog=merged`: which version of the job's page). */
  hiddenParams?: Record<string, string>;
  /** Operators and admins: a viewer's retrieval wizard and plan form are 404s, so they get no links to them. */
  canRetrieve: boolean;
};

function pageHref(basePath: string, query: CatalogView["query"], page: number): string {
  return catalogHref(`${basePath}#catalog`, { ...query, page });
}

/** The versioned catalog of one inventory: totals, charts, changes since the previous one, and the searchable list. */
export function CatalogBrowser({ view, basePath, synologyHint, canRetrieve, hiddenParams = {} }: Props) {
  const { totals, query } = view;
  const pages = Math.max(1, Math.ceil(view.total / view.pageSize));
  const selectClass = `${inputClass} w-auto`;
  return (
    <section id="catalog" aria-label="Inventory catalog" className="space-y-4">
      <Card
        title={`Inventory of ${view.inventory.vaultName} · ${formatUtc(view.inventory.inventoryDate ?? view.inventory.importedAt)}`}
      >
        <CoverageNote coverage={view.inventory.coverage} />
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-5">
          <Figure label="Archives" value={formatCount(totals.archives)} large />
          <Figure label="Total size" value={formatBytes(totals.bytes)} large />
          <Figure label="Empty descriptions" value={formatCount(totals.emptyDescriptions)} large />
          <Figure
            label="Duplicate names"
            value={`${formatCount(totals.duplicatePaths.archives)} in ${formatCount(totals.duplicatePaths.groups)} groups`}
            large
          />
          <Figure
            label="Duplicate descriptions"
            value={formatCount(totals.duplicateDescriptions.archives)}
            large
          />
        </dl>
        <div className="mt-4 grid gap-6 md:grid-cols-2">
          <BarChart
            title="Archives by size"
            bars={view.sizes.map((b) => ({
              label: `≥ ${formatBytes(b.from)}`,
              value: b.archives,
              detail: formatBytes(b.bytes),
            }))}
            format={formatCount}
          />
          <BarChart
            title={`Archives by creation ${view.dates.granularity}`}
            bars={view.dates.buckets.map((b) => ({
              label: b.bucket,
              value: b.archives,
              detail: formatBytes(b.bytes),
            }))}
            format={formatCount}
          />
        </div>
        {view.diff ? (
          <div className="mt-4 text-sm" aria-label="Changes since the previous inventory">
            <p className="font-medium text-slate-800">
              Since the inventory of {formatUtc(view.diff.previousDate)}
              {view.diff.windowLabel && ` (its ${view.diff.windowLabel} only)`}:{" "}
              <span className="text-emerald-700">+{formatCount(view.diff.added)} added</span>,{" "}
              <span className="text-red-700">−{formatCount(view.diff.removed)} removed</span>
            </p>
            {view.diff.addedSample.length > 0 && (
              <p className="truncate text-xs text-slate-600">Added: {view.diff.addedSample.join(", ")}</p>
            )}
            {view.diff.removedSample.length > 0 && (
              <p className="truncate text-xs text-slate-600">Removed: {view.diff.removedSample.join(", ")}</p>
            )}
          </div>
        ) : (
          <p className="mt-4 text-xs text-slate-500">
            This is the first catalogued inventory of the vault; the next one will show what changed.
          </p>
        )}
        {view.versions.length > 1 && (
          <p className="mt-2 text-xs text-slate-500">
            {view.versions.length} versions catalogued:{" "}
            {view.versions.map((v, i) => (
              <span key={v.id}>
                {i > 0 && ", "}
                {v.href ? (
                  <Link className="text-ice-700 hover:underline" href={v.href}>
                    {formatUtc(v.date)}
                  </Link>
                ) : (
                  formatUtc(v.date)
                )}{" "}
                ({formatCount(v.archives)}
                {v.partial && `, ${v.partial}`})
              </span>
            ))}
          </p>
        )}
        {synologyHint}
      </Card>
      <Form
        action={basePath.split("?")[0] ?? basePath}
        scroll={false}
        className="flex flex-wrap items-end gap-3"
        aria-label="Search the catalog"
      >
        {Object.entries(hiddenParams).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <label className="min-w-64 flex-1 text-sm font-medium text-slate-800">
          Search archives
          <input
            type="search"
            name="q"
            defaultValue={query.q}
            className={`${inputClass} mt-1`}
            placeholder="Name, description or archive id"
          />
        </label>
        <label className="text-sm font-medium text-slate-800">
          Sort by
          <select name="sort" defaultValue={query.sort} className={`${selectClass} mt-1`}>
            <option value="path">Name</option>
            <option value="size">Size</option>
            <option value="date">Creation date</option>
          </select>
        </label>
        <label className="text-sm font-medium text-slate-800">
          Order
          <select name="dir" defaultValue={query.dir} className={`${selectClass} mt-1`}>
            <option value="asc">Ascending</option>
            <option value="desc">Descending</option>
          </select>
        </label>
        <button
          type="submit"
          className="rounded-md bg-ice-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-ice-800"
        >
          Search
        </button>
      </Form>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p aria-live="polite" className="text-xs text-slate-600">
          {formatCount(view.total)} archive{view.total === 1 ? "" : "s"}
          {query.q && ` matching “${query.q}”`} · page {query.page} of {pages}
        </p>
        {canRetrieve && (
          <nav aria-label="Plan migration" className="flex flex-wrap gap-2">
            <ButtonLink href={newPlanHref(view.inventory.id)}>
              <Truck aria-hidden className="size-4" /> Plan migration of all {formatCount(totals.archives)}{" "}
              archives{view.inventory.coverage.allLabel}
            </ButtonLink>
            {query.q && view.total > 0 && (
              <ButtonLink href={newPlanHref(view.inventory.id, { q: query.q })}>
                <Truck aria-hidden className="size-4" /> Plan migration of the {formatCount(view.total)}{" "}
                matching
              </ButtonLink>
            )}
          </nav>
        )}
      </div>
      <CatalogTable rows={view.rows} inventoryId={view.inventory.id} canRetrieve={canRetrieve} />
      {pages > 1 && (
        <nav aria-label="Catalog pages" className="flex gap-3 text-sm">
          {query.page > 1 && (
            <Link href={pageHref(basePath, query, query.page - 1)} className="text-ice-700 hover:underline">
              Previous page
            </Link>
          )}
          {query.page < pages && (
            <Link href={pageHref(basePath, query, query.page + 1)} className="text-ice-700 hover:underline">
              Next page
            </Link>
          )}
        </nav>
      )}
    </section>
  );
}
