"use client";

import { useEffect, useId, useMemo, useState } from "react";
import { inputClass } from "@/components/ui/field";
import { type ActionResult } from "@/lib/auth/action-result";
import { formatBytes, formatCount, formatUtc } from "@/lib/glacier/format";
import { type ArchiveCatalogProps, type ArchiveOption } from "./wizard-context";

export type { ArchiveOption } from "./wizard-context";

const PAGE = 50;

type Source = {
  title: string;
  initial: ArchiveOption[];
  search: (query: string) => Promise<ActionResult<ArchiveOption[]>>;
};

function localSearch(archives: ArchiveOption[]): Source["search"] {
  return (query) => {
    const needle = query.toLowerCase();
    const data = archives
      .filter(
        (a) =>
          a.archiveId === query ||
          a.description.toLowerCase().includes(needle) ||
          (a.path ?? "").toLowerCase().includes(needle),
      )
      .slice(0, PAGE);
    return Promise.resolve({ ok: true, data });
  };
}

function sourceOf(
  catalog: ArchiveCatalogProps | null | undefined,
  archives: ArchiveOption[] | null | undefined,
): Source | null {
  if (catalog) {
    return {
      title: `the inventory of ${formatUtc(catalog.inventoryDate)} (${formatCount(catalog.archiveCount)} archives${catalog.partial ? `; partial: ${catalog.partial}` : ""})`,
      initial: catalog.initial,
      search: (query) => catalog.search({ inventoryId: catalog.inventoryId, query }),
    };
  }
  if (archives) {
    return {
      title: `the latest inventory (${formatCount(archives.length)} archives)`,
      initial: archives.slice(0, PAGE),
      search: localSearch(archives),
    };
  }
  return null;
}

/**
 * Picks an archive from the vault's latest inventory: a search (on the server for a catalogued
 * inventory, by path, description or exact id; locally for a plain `archives` list) and a list of
 * matches. Without either it says how to get one; pasting the id always works.
 */
export function ArchivePicker({
  catalog,
  archives,
  onPick,
}: {
  catalog?: ArchiveCatalogProps | null | undefined;
  archives?: ArchiveOption[] | null | undefined;
  onPick: (archiveId: string, archive: ArchiveOption) => void;
}) {
  const id = useId();
  const source = useMemo(() => sourceOf(catalog, archives), [catalog, archives]);
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<{ query: string; archives: ArchiveOption[]; error?: string }>({
    query: "",
    archives: source?.initial ?? [],
  });

  useEffect(() => {
    if (!source) return;
    const wanted = query.trim();
    let live = true;
    const timer = setTimeout(() => {
      const request =
        wanted === "" ? Promise.resolve({ ok: true as const, data: source.initial }) : source.search(wanted);
      void request.then(
        (result) =>
          live &&
          setFound(
            result.ok
              ? { query: wanted, archives: result.data }
              : { query: wanted, archives: [], error: result.message },
          ),
        () =>
          live && setFound({ query: wanted, archives: [], error: "The search did not reach the server." }),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [source, query]);

  if (!source) {
    return (
      <p className="text-sm text-slate-600">
        Thaw has no catalogued inventory of this vault yet: run an inventory job and import it to pick
        archives from a list.
      </p>
    );
  }
  return (
    <div className="space-y-2">
      <label htmlFor={`${id}-search`} className="block text-sm font-medium text-slate-800">
        Or pick from {source.title}
      </label>
      <input
        id={`${id}-search`}
        type="search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        className={inputClass}
        placeholder="Search by path, description or archive id"
      />
      {found.error && <p className="text-xs text-red-700">{found.error}</p>}
      <ul
        aria-label="Archives in the inventory"
        aria-busy={found.query !== query.trim()}
        className="max-h-64 divide-y divide-slate-100 overflow-auto rounded-md border border-slate-200"
      >
        {found.archives.map((a) => (
          <li key={a.archiveId}>
            <button
              type="button"
              onClick={() => onPick(a.archiveId, a)}
              className="flex w-full flex-wrap justify-between gap-2 px-3 py-2 text-left text-sm hover:bg-ice-50 focus-visible:bg-ice-50"
            >
              <span className="min-w-0 truncate">
                {a.path ??
                  (a.description || <span className="font-mono text-xs">{a.archiveId.slice(0, 24)}…</span>)}
              </span>
              <span className="text-slate-500 tabular-nums">
                {formatBytes(a.size)} · {formatUtc(a.creationDate)}
              </span>
            </button>
          </li>
        ))}
        {found.archives.length === 0 && !found.error && (
          <li className="px-3 py-2 text-sm text-slate-500">No archive matches.</li>
        )}
      </ul>
    </div>
  );
}
