import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { inputClass, Options } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import {
  AUDIT_ACTION_LABELS,
  AUDIT_ACTIONS,
  AUDIT_OUTCOMES,
  type AuditAction,
  auditHref,
  loadAuditSearchParams,
  parseAuditFilter,
  queryAudit,
} from "@/lib/audit";
import { requireUser } from "@/lib/auth/current-user";

export const metadata = { title: "Audit" };

const PAGE_SIZE = 100;

function label(action: string): string {
  return (AUDIT_ACTIONS as readonly string[]).includes(action)
    ? AUDIT_ACTION_LABELS[action as AuditAction]
    : action;
}

/**
 * A UTC day as ISO 8601 text: the browser's date control would show it in the browser's locale
 * (`06/01/2024`) under a label that says UTC.
 */
function UtcDayInput({ name, defaultValue }: { name: string; defaultValue: string | undefined }) {
  return (
    <input
      name={name}
      defaultValue={defaultValue ?? ""}
      placeholder="YYYY-MM-DD"
      pattern="\d{4}-\d{2}-\d{2}"
      title="A day as YYYY-MM-DD (UTC)"
      inputMode="numeric"
      autoComplete="off"
      className={`${inputClass} font-mono`}
    />
  );
}

const TONES = { success: "success", failure: "warning", denied: "danger" } as const;

/** The append-only audit trail: filters live in the URL (a plain GET form), CSV export of the same view. */
export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireUser("admin");
  const params = await searchParams;
  const filter = parseAuditFilter(params);
  const [occurredAt, id] = loadAuditSearchParams(params).before?.split("|") ?? [];
  const before = occurredAt && id ? { occurredAt, id } : undefined;
  const rows = await queryAudit(filter, { limit: PAGE_SIZE, before });
  const last = rows.at(-1);
  return (
    <>
      <PageHeader
        title="Audit"
        description="Every job started, output downloaded, connection or user changed, and sign-in: append-only, newest first."
        actions={
          <a href={auditHref("/audit/export", filter)} className={buttonClass("secondary")} download>
            Export CSV
          </a>
        }
      />
      <form
        method="get"
        aria-label="Filter audit entries"
        className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-3 lg:grid-cols-6"
      >
        <label className="text-sm text-slate-800">
          Action
          <select name="action" defaultValue={filter.action ?? ""} className={inputClass}>
            <option value="">Any</option>
            <Options values={AUDIT_ACTIONS} labelOf={(a) => AUDIT_ACTION_LABELS[a]} />
          </select>
        </label>
        <label className="text-sm text-slate-800">
          Outcome
          <select name="outcome" defaultValue={filter.outcome ?? ""} className={inputClass}>
            <option value="">Any</option>
            <Options values={AUDIT_OUTCOMES} />
          </select>
        </label>
        <label className="text-sm text-slate-800">
          User
          <input name="actor" defaultValue={filter.actor ?? ""} className={inputClass} />
        </label>
        <label className="text-sm text-slate-800">
          Contains
          <input name="q" defaultValue={filter.q ?? ""} className={inputClass} />
        </label>
        <label className="text-sm text-slate-800">
          From (UTC date)
          <UtcDayInput name="from" defaultValue={filter.from} />
        </label>
        <label className="text-sm text-slate-800">
          To (UTC date)
          <UtcDayInput name="to" defaultValue={filter.to} />
        </label>
        <div className="flex gap-2 sm:col-span-3 lg:col-span-6">
          <button type="submit" className={buttonClass("primary")}>
            Filter
          </button>
          <Link href="/audit" className={buttonClass("ghost")}>
            Clear
          </Link>
        </div>
      </form>
      {rows.length === 0 ? (
        <EmptyState title="No audit entries match." />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm" aria-label="Audit entries">
            <thead className="bg-slate-50 text-xs text-slate-500 uppercase">
              <tr>
                <th className="px-3 py-2">When (UTC)</th>
                <th className="px-3 py-2">User</th>
                <th className="px-3 py-2">Action</th>
                <th className="px-3 py-2">Outcome</th>
                <th className="px-3 py-2">Target</th>
                <th className="px-3 py-2">Details</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((r) => (
                <tr key={r.id} className="align-top">
                  <td className="px-3 py-2 font-mono text-xs whitespace-nowrap">
                    {r.occurredAt.replace("T", " ").slice(0, 19)}
                  </td>
                  <td className="px-3 py-2">{r.actorEmail ?? <span className="text-slate-400">—</span>}</td>
                  <td className="px-3 py-2">{label(r.action)}</td>
                  <td className="px-3 py-2">
                    <Badge tone={TONES[r.outcome]}>{r.outcome}</Badge>
                  </td>
                  <td className="max-w-48 px-3 py-2 font-mono text-xs break-all">{r.target}</td>
                  <td className="max-w-md px-3 py-2">
                    <code className="line-clamp-3 text-xs break-all text-slate-600" title={r.details}>
                      {r.details}
                    </code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {last && rows.length === PAGE_SIZE && (
        <Link
          href={auditHref("/audit", { ...filter, before: `${last.occurredAt}|${last.id}` })}
          className={`${buttonClass("secondary")} mt-4`}
        >
          Older entries
        </Link>
      )}
    </>
  );
}
