import Link from "next/link";
import { NoConnection } from "@/components/shell/no-connection";
import { AwsError } from "@/components/ui/aws-error";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { formatBytes, formatUtc } from "@/lib/glacier/format";
import { targetForConnection } from "@/lib/aws/connection-target";
import { AwsOperationError } from "@/lib/aws/errors";
import { type JobSummary, listAccountJobs } from "@/lib/aws/jobs";
import { getConnectionContext } from "@/lib/session/active-connection";

export const metadata = { title: "Jobs" };

const statusTone = { InProgress: "info", Succeeded: "success", Failed: "danger" } as const;

export default async function JobsPage() {
  const { active } = await getConnectionContext();
  if (!active) return <NoConnection />;
  let jobs: JobSummary[];
  try {
    jobs = await listAccountJobs(await targetForConnection(active));
  } catch (error) {
    if (!(error instanceof AwsOperationError)) throw error;
    return (
      <>
        <PageHeader title="Jobs" />
        <AwsError failure={error.failure} title="Could not list the jobs" />
      </>
    );
  }
  return (
    <>
      <PageHeader
        title="Jobs"
        description="Jobs Glacier lists for this connection, across all vaults. Glacier drops a job about a day after it completes."
        actions={<ButtonLink href="/jobs/new" variant="primary">New job</ButtonLink>}
      />
      {jobs.length === 0 ? (
        <EmptyState title="No jobs in progress or recently completed.">
          <Link href="/jobs/new" className="text-ice-700 hover:underline">Start one</Link>
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Jobs</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-xs tracking-wide text-slate-500 uppercase">
              <tr>
                <th scope="col" className="px-4 py-2.5 font-medium">Type</th>
                <th scope="col" className="px-4 py-2.5 font-medium">Vault</th>
                <th scope="col" className="px-4 py-2.5 font-medium">Description</th>
                <th scope="col" className="px-4 py-2.5 font-medium">Tier</th>
                <th scope="col" className="px-4 py-2.5 font-medium">Status</th>
                <th scope="col" className="px-4 py-2.5 font-medium">Created</th>
                <th scope="col" className="px-4 py-2.5 text-right font-medium">Size</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {jobs.map((j) => (
                <tr key={j.jobId}>
                  <td className="px-4 py-2.5 whitespace-nowrap">{j.action}</td>
                  <td className="px-4 py-2.5">{j.vaultName}</td>
                  <td className="max-w-xs truncate px-4 py-2.5 text-slate-600" title={j.jobId}>{j.description ?? <span className="font-mono text-xs">{j.jobId.slice(0, 16)}…</span>}</td>
                  <td className="px-4 py-2.5">{j.tier ?? "—"}</td>
                  <td className="px-4 py-2.5"><Badge tone={statusTone[j.statusCode as keyof typeof statusTone] ?? "neutral"}>{j.statusCode}</Badge></td>
                  <td className="px-4 py-2.5 whitespace-nowrap text-slate-600">{formatUtc(j.creationDate)}</td>
                  <td className="px-4 py-2.5 text-right whitespace-nowrap tabular-nums">{formatBytes(j.sizeInBytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
