import { routeParam } from "@/lib/route-param";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { TYPE_LABELS } from "@/components/jobs/job-format";
import { JobLiveRefresh } from "@/components/jobs/job-live-refresh";
import { NoConnection } from "@/components/shell/no-connection";
import { ButtonLink } from "@/components/ui/button";
import { LoadingStatus } from "@/components/ui/loading-status";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/current-user";
import { hasRole } from "@/lib/auth/roles";
import { getActiveTarget } from "@/lib/session";
import { rerunLinkOf, resolveJob } from "@/lib/jobs";
import { JobDetails } from "./job-details";

type Props = {
  params: Promise<{ jobId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export const metadata = { title: "Job" };
export const dynamic = "force-dynamic";

/**
 * No loading.tsx covers this segment: a fallback would start the response with 200 before an unknown
 * id could call notFound(). The job is resolved first (one query when Thaw has it); only the parts that
 * ask Glacier or S3 stream, behind their own Suspense boundary.
 */
export default async function JobPage({ params, searchParams }: Props) {
  const user = await requireUser("viewer");
  // Run again, downloads, verification and imports are operator work; other roles read.
  const canOperate = hasRole(user.role, "operator");
  const jobId = routeParam((await params).jobId);
  const active = await getActiveTarget();
  if (!active) return <NoConnection canAddConnection={hasRole(user.role, "admin")} />;
  const resolved = await resolveJob(active, jobId);
  if (!resolved) notFound();
  const { row } = resolved;
  const rerunHref = canOperate ? rerunLinkOf(row, active.connection.name) : null;

  return (
    <>
      {/* From the version shown, not the render's end: a sync may write the job while the page renders. */}
      <JobLiveRefresh jobKey={row.id} renderedAt={row.updated_at} />
      <PageHeader
        title={row.description ?? `${TYPE_LABELS[row.job_type]} in ${row.vault_name}`}
        breadcrumb={
          <Link href="/jobs" className="hover:underline">
            Jobs
          </Link>
        }
        description={<span className="font-mono text-xs break-all">{jobId}</span>}
        actions={rerunHref && <ButtonLink href={rerunHref}>Run again</ButtonLink>}
      />
      <Suspense fallback={<LoadingStatus label="Loading the job…" />}>
        <JobDetails
          active={active}
          resolved={resolved}
          jobId={jobId}
          canOperate={canOperate}
          role={user.role}
          searchParams={searchParams}
        />
      </Suspense>
    </>
  );
}
