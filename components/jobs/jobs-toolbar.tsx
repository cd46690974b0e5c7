"use client";

import { type useQueryStates } from "nuqs";
import { inputClass, Options } from "@/components/ui/field";
import { JOB_TYPES } from "@/lib/glacier/job-types";
import { type jobsQueryParsers, STATUS_FILTER_LABELS, STATUS_FILTERS } from "./job-filters";
import { TYPE_LABELS } from "./job-format";

type QueryState = ReturnType<typeof useQueryStates<typeof jobsQueryParsers>>;

type Props = { query: QueryState[0]; setQuery: QueryState[1]; vaults: string[] };

const selectClass = `${inputClass} w-auto`;

/** One filter of the toolbar: a labelled select. */
function FilterSelect({
  label,
  value,
  onChange,
  children,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: React.ReactNode;
}) {
  return (
    <label className="text-sm font-medium text-slate-800">
      {label}
      <select className={`${selectClass} mt-1`} value={value} onChange={(e) => onChange(e.target.value)}>
        {children}
      </select>
    </label>
  );
}

/** Search and filters of the jobs page; every value lives in the URL (shareable, survives reload). */
export function JobsToolbar({ query, setQuery, vaults }: Props) {
  const filtered = query.q !== "" || query.status !== "all" || query.type !== "all" || query.vault !== "";
  return (
    <div role="search" className="flex flex-wrap items-end gap-3">
      <label className="min-w-64 flex-1 text-sm font-medium text-slate-800">
        Search jobs
        <input
          type="search"
          className={`${inputClass} mt-1`}
          placeholder="Job id, archive name, vault, description…"
          value={query.q}
          onChange={(e) => void setQuery({ q: e.target.value || null })}
        />
      </label>
      <FilterSelect
        label="Status"
        value={query.status}
        onChange={(value) => void setQuery({ status: value as (typeof STATUS_FILTERS)[number] })}
      >
        <Options values={STATUS_FILTERS} labelOf={(s) => STATUS_FILTER_LABELS[s]} />
      </FilterSelect>
      <FilterSelect
        label="Type"
        value={query.type}
        onChange={(value) => void setQuery({ type: value as QueryState[0]["type"] })}
      >
        <option value="all">All types</option>
        <Options values={JOB_TYPES} labelOf={(t) => TYPE_LABELS[t]} />
      </FilterSelect>
      <FilterSelect
        label="Vault"
        value={query.vault}
        onChange={(value) => void setQuery({ vault: value || null })}
      >
        <option value="">All vaults</option>
        <Options values={vaults} />
      </FilterSelect>
      {filtered && (
        <button
          type="button"
          className="pb-2 text-sm text-ice-700 hover:underline"
          onClick={() => void setQuery({ q: null, status: null, type: null, vault: null })}
        >
          Clear filters
        </button>
      )}
    </div>
  );
}
