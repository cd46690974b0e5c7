import Link from "next/link";
import { formatDuration, jobHref, STATUS_LABELS, TYPE_LABELS } from "@/components/jobs/job-format";
import { NoJobStartNote } from "@/components/jobs/role-note";
import { NoConnection } from "@/components/shell/no-connection";
import { BarList } from "@/components/ui/bar-list";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ColumnHeaders } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/current-user";
import { hasRole } from "@/lib/auth/roles";
import { formatBytes, formatCount, formatUtc } from "@/lib/glacier/format";
import { estimatedUsd, UNKNOWN_COST } from "@/lib/glacier/job-cost";
import { type JobStatus, loadOverview, type OverviewJob } from "@/lib/jobs";
import { getConnectionContext } from "@/lib/session";

export const metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</p>
      <p className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums">{value}</p>
      {hint && <p className="text-xs text-slate-500">{hint}</p>}
    </div>
  );
}

function JobList({
  jobs,
  empty,
  when,
}: {
  jobs: OverviewJob[];
  empty: string;
  when: (j: OverviewJob) => string;
}) {
  if (jobs.length === 0) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    <ul className="divide-y divide-slate-100 text-sm">
      {jobs.map((j) => (
        <li key={j.key} className="flex items-center justify-between gap-4 py-2">
          <span className="min-w-0">
            {j.jobId ? (
              <Link href={jobHref(j.jobId)} className="font-medium text-ice-700 hover:underline">
                {j.description ?? j.archive ?? `${TYPE_LABELS[j.type]} in ${j.vault}`}
              </Link>
            ) : (
              j.description
            )}
            <span className="block text-xs text-slate-500">
              {j.connection} · {j.vault} · {TYPE_LABELS[j.type]} · {j.tier ?? "Standard"}
            </span>
          </span>
          <span className="shrink-0 text-xs text-slate-600 tabular-nums">{when(j)}</span>
        </li>
      ))}
    </ul>
  );
}

const STATUS_ORDER: JobStatus[] = ["InProgress", "Succeeded", "Failed", "Submitting", "Unknown"];

/** Jobs by status, what finishes or expires soon, and this month's retrievals and estimated spend, per connection and vault. */
export default async function OverviewPage() {
  const user = await requireUser();
  const { active } = await getConnectionContext();
  if (!active) return <NoConnection canAddConnection={hasRole(user.role, "admin")} />;
  const data = await loadOverview();
  const { now } = data;
  return (
    <>
      <PageHeader
        title="Overview"
        description="Jobs of every connection, from Thaw's history. Spend is Thaw's estimate from the pricing table, not an AWS bill."
        actions={
          hasRole(user.role, "operator") ? (
            <ButtonLink href="/jobs/new" variant="primary">
              New job
            </ButtonLink>
          ) : (
            <NoJobStartNote role={user.role} />
          )
        }
      />
      <div className="space-y-6">
        <section aria-label="Jobs by status" className="grid gap-4 sm:grid-cols-3 lg:grid-cols-5">
          {STATUS_ORDER.map((s) => (
            <Stat key={s} label={STATUS_LABELS[s]} value={formatCount(data.byStatus[s])} />
          ))}
        </section>
        <div className="grid gap-6 lg:grid-cols-2">
          <Card
            title="Finishing soon"
            actions={
              <Link href="/jobs?status=in-progress" className="text-sm text-ice-700 hover:underline">
                All in progress
              </Link>
            }
          >
            <JobList
              jobs={data.finishingSoon}
              empty="No job is expected to finish within the hour."
              when={(j) =>
                j.dueAt && Date.parse(j.dueAt) > now
                  ? `due in ≤ ${formatDuration(Date.parse(j.dueAt) - now)}`
                  : "due now"
              }
            />
          </Card>
          <Card
            title="Outputs about to expire"
            actions={
              <Link href="/jobs?status=expiring" className="text-sm text-ice-700 hover:underline">
                All expiring
              </Link>
            }
          >
            <JobList
              jobs={data.expiringSoon}
              empty="No output that was not downloaded expires in the next 6 hours."
              when={(j) => `expires in ${formatDuration(Date.parse(j.expiresAt ?? "") - now)}`}
            />
          </Card>
        </div>
        <Card title={`Retrievals in ${data.month}`}>
          <div className="grid gap-4 sm:grid-cols-3">
            <Stat label="Jobs" value={formatCount(data.totals.jobs)} />
            <Stat label="Bytes retrieved" value={formatBytes(data.totals.bytes)} />
            <Stat
              label="Estimated spend"
              value={estimatedUsd(data.totals.usd)}
              hint={
                data.totals.unpriced > 0
                  ? `Not counted: ${data.totals.unpriced} job(s) whose cost is ${UNKNOWN_COST} or has no price`
                  : undefined
              }
            />
          </div>
          {data.spend.length > 0 && (
            <div className="mt-4 grid gap-6 lg:grid-cols-[2fr_1fr]">
              <table aria-label="Spend by connection and vault" className="w-full text-left text-sm">
                <thead className="text-xs text-slate-500 uppercase">
                  <ColumnHeaders
                    cellClassName="py-1"
                    columns={[
                      "Connection",
                      "Vault",
                      { label: "Jobs", numeric: true },
                      { label: "Retrieved", numeric: true },
                      { label: "Est. spend", numeric: true },
                    ]}
                  />
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {data.spend.map((l) => (
                    <tr key={`${l.connection}/${l.vault}`}>
                      <td className="py-1">{l.connection}</td>
                      <td className="py-1">{l.vault}</td>
                      <td className="py-1 text-right tabular-nums">{formatCount(l.jobs)}</td>
                      <td className="py-1 text-right tabular-nums">{formatBytes(l.bytes)}</td>
                      <td className="py-1 text-right tabular-nums">{estimatedUsd(l.usd)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <BarList
                title="Estimated spend by vault"
                items={data.spend.slice(0, 12).map((l) => ({
                  label: `${l.vault} (${l.connection})`,
                  value: l.usd,
                  detail: formatBytes(l.bytes),
                }))}
                format={estimatedUsd}
              />
            </div>
          )}
          <p className="mt-3 text-xs text-slate-500">As of {formatUtc(new Date(now).toISOString())}.</p>
        </Card>
      </div>
    </>
  );
}
