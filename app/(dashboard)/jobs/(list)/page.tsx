import { type SearchParams } from "nuqs/server";
import { loadJobsSearchParams } from "@/components/jobs/job-filters";
import { EXPIRY_WARNING_MS } from "@/components/jobs/job-format";
import { JobsExplorer } from "@/components/jobs/jobs-explorer";
import { NoJobStartNote } from "@/components/jobs/role-note";
import { NoConnection } from "@/components/shell/no-connection";
import { ButtonLink } from "@/components/ui/button";
import { requireUser } from "@/lib/auth/current-user";
import { hasRole } from "@/lib/auth/roles";
import { decodeCursor, encodeCursor, listJobPage, listJobVaults } from "@/lib/jobs";
import { getConnectionContext } from "@/lib/session";

export const metadata = { title: "Jobs" };
export const dynamic = "force-dynamic";

/**
 * The active connection's jobs from Thaw's history (kept after Glacier forgets a job), one page at a
 * time, filtered and paged in the database. The page reads the database only; its live feed asks
 * the connection's vault sync to keep it current and import jobs started elsewhere.
 */
export default async function JobsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  // Starting and re-requesting jobs open the operator-only wizards.
  const canStartJobs = hasRole(user.role, "operator");
  const { active } = await getConnectionContext();
  if (!active) return <NoConnection canAddConnection={hasRole(user.role, "admin")} />;
  const query = await loadJobsSearchParams(searchParams);
  const renderedAt = new Date();
  const now = renderedAt.getTime();
  const [page, vaults] = await Promise.all([
    listJobPage(active.id, {
      filter: { q: query.q, status: query.status, type: query.type, vault: query.vault },
      older: decodeCursor(query.older),
      newer: decodeCursor(query.newer),
      now,
      expiringWithinMs: EXPIRY_WARNING_MS,
    }),
    listJobVaults(active.id),
  ]);
  const links = {
    newer: page.newer && encodeCursor(page.newer),
    older: page.older && encodeCursor(page.older),
  };
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
      <JobsExplorer
        initialRows={page.rows}
        page={links}
        vaults={vaults}
        renderedAt={renderedAt.toISOString()}
        canRequestAgain={canStartJobs}
      />
    </>
  );
}
