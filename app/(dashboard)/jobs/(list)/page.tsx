import { JobsExplorer } from "@/components/jobs/jobs-explorer";
import { NoJobStartNote } from "@/components/jobs/role-note";
import { NoConnection } from "@/components/shell/no-connection";
import { ButtonLink } from "@/components/ui/button";
import { requireUser } from "@/lib/auth/current-user";
import { hasRole } from "@/lib/auth/roles";
import { listJobRows } from "@/lib/jobs";
import { getConnectionContext } from "@/lib/session";

export const metadata = { title: "Jobs" };
export const dynamic = "force-dynamic";

/**
 * Every job of the active connection from Thaw's history (kept after Glacier forgets a job); the
 * live feed syncs ListJobs of every vault in the background and imports jobs started elsewhere.
 */
export default async function JobsPage() {
  const user = await requireUser();
  // Starting and re-requesting jobs open the operator-only wizards.
  const canStartJobs = hasRole(user.role, "operator");
  const { active } = await getConnectionContext();
  if (!active) return <NoConnection canAddConnection={hasRole(user.role, "admin")} />;
  const rows = await listJobRows(active.id);
  return (
    <>
      <div className="mb-4 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Jobs</h1>
          <p className="mt-1 max-w-3xl text-sm text-slate-600">
            Every job of {active.name} across all vaults, live. Thaw keeps a job after Glacier drops it (about
            a day after it completes); outputs can be downloaded for 24 hours after completion.
          </p>
        </div>
        {canStartJobs ? (
          <ButtonLink href="/jobs/new" variant="primary">
            New job
          </ButtonLink>
        ) : (
          <NoJobStartNote role={user.role} />
        )}
      </div>
      <JobsExplorer initialRows={rows} renderedAt={new Date().toISOString()} canRequestAgain={canStartJobs} />
    </>
  );
}
