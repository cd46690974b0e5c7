import Link from "next/link";
import type { CatalogView } from "@/lib/inventory";

/**
 * Says when an inventory is not the whole vault (a date window or a page of a paged run), so its
 * counts are not read as the vault's, and offers the next page of a paged run.
 */
export function CoverageNote({ coverage }: { coverage: CatalogView["inventory"]["coverage"] }) {
  if (coverage.kind === "vault") return null;
  return (
    <p
      role="note"
      aria-label="Inventory coverage"
      className="mb-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900"
    >
      <strong className="font-semibold">Partial inventory:</strong> it covers {coverage.label}. Counts, charts
      and changes are for this part of the vault only.
      {coverage.mergedHref && (
        <>
          {" "}
          The run is complete:{" "}
          <Link href={coverage.mergedHref} className="font-medium text-ice-700 underline">
            open the merged catalog of all its pages
          </Link>
          .
        </>
      )}
      {coverage.nextPageHref && (
        <>
          {" "}
          <Link href={coverage.nextPageHref} className="font-medium text-ice-700 underline">
            Request the next page
          </Link>{" "}
          (the inventory form, prefilled with the same window, Limit and this page&apos;s Marker). When the
          last page is imported, the pages are merged into one catalog version of the whole run.
        </>
      )}
    </p>
  );
}
