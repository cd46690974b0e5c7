import Link from "next/link";
import { CatalogBrowser } from "@/components/inventory/catalog-browser";
import { loadCatalogSearchParams } from "@/components/inventory/search-params";
import { SynologyHint } from "@/components/inventory/synology-hint";
import { JobCostFigure } from "@/components/jobs/job-cost";
import { JobDescriptionFacts } from "@/components/jobs/job-description-facts";
import { STATUS_LABELS, STATUS_TONES, TYPE_LABELS } from "@/components/jobs/job-format";
import { JobOutput } from "@/components/jobs/job-output";
import { JobTimeline } from "@/components/jobs/job-timeline";
import { Badge } from "@/components/ui/badge";
import { Card, FactList } from "@/components/ui/card";
import { ArchiveFactsView } from "@/components/wizard/archive-facts";
import { CostEstimateView } from "@/components/wizard/cost-estimate";
import { DraftCleaner } from "@/components/wizard/draft-cleaner";
import { type Role } from "@/lib/auth/roles";
import { formatUtc } from "@/lib/glacier/format";
import { wizardOfJobType } from "@/lib/glacier/schemas/job-common";
import type { ActiveTarget } from "@/lib/session";
import { inventoryOfJob, loadCatalog, mergedJobId } from "@/lib/inventory";
import { getJobByGlacierId, loadJobPage, type ResolvedJob, statusOf } from "@/lib/jobs";

type Props = {
  active: ActiveTarget;
  resolved: ResolvedJob;
  jobId: string;
  canOperate: boolean;
  role: Role;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/**
 * The streamed part of a job page: Glacier's latest description of a running job, the output (S3
 * listings for select), the inventory catalog and what Thaw recorded at submission.
 */
export async function JobDetails({ active, resolved, jobId, canOperate, role, searchParams }: Props) {
  const data = await loadJobPage(active, resolved);
  const { row } = data;
  const record = row.origin === "imported" ? undefined : await getJobByGlacierId(active.connection.id, jobId);
  const status = statusOf(row);
  // `?catalog=merged`: the version merged from a paged run's pages, shown on its last page's job.
  const merged = (await searchParams).catalog === "merged";
  const inventoryId =
    data.output.kind !== "inventory"
      ? null
      : merged
        ? ((await inventoryOfJob(active.connection.id, mergedJobId(jobId)))?.id ?? null)
        : data.output.inventoryId;
  const catalog = inventoryId
    ? await loadCatalog(active, inventoryId, await loadCatalogSearchParams(searchParams))
    : null;

  return (
    <>
      {record?.idempotencyKey && (
        <DraftCleaner jobType={wizardOfJobType(record.jobType)} idempotencyKey={record.idempotencyKey} />
      )}
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Status" className="lg:col-span-2">
          <FactList
            facts={[
              [
                "Status",
                <Badge key="s" tone={STATUS_TONES[status]}>
                  {STATUS_LABELS[status]}
                </Badge>,
              ],
              ["Message", row.status_message],
              ["Type", TYPE_LABELS[row.job_type]],
              [
                "Vault",
                <Link
                  key="v"
                  href={`/vaults/${encodeURIComponent(row.vault_name)}`}
                  className="text-ice-700 hover:underline"
                >
                  {row.vault_name}
                </Link>,
              ],
              ...(data.archive
                ? [
                    ["Archive", <ArchiveFactsView key="a" archive={data.archive} />] as [
                      string,
                      React.ReactNode,
                    ],
                  ]
                : []),
              ["Estimated cost", <JobCostFigure key="c" cost={data.cost} detailed />],
              ["Started", row.origin === "imported" ? "Outside Thaw (imported from ListJobs)" : "By Thaw"],
              ["Last described", formatUtc(row.last_described_at)],
            ]}
          />
        </Card>
        <Card title="Timeline">
          <JobTimeline events={data.timeline} />
        </Card>
      </div>
      <Card title="Output" className="mt-6">
        <JobOutput
          jobId={jobId}
          output={data.output}
          tasks={data.tasks}
          canOperate={canOperate}
          role={role}
        />
      </Card>
      {catalog && (
        <div className="mt-6">
          <CatalogBrowser
            view={catalog}
            basePath={`/jobs/${encodeURIComponent(jobId)}${merged ? "?catalog=merged" : ""}`}
            hiddenParams={merged ? { catalog: "merged" } : {}}
            canRetrieve={canOperate}
            synologyHint={
              <SynologyHint
                namedArchives={catalog.synology.namedArchives}
                mappingVault={catalog.synology.mappingVault}
                connection={active.connection.name}
                canStartJobs={canOperate}
              />
            }
          />
        </div>
      )}
      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card title="Glacier's job description">
          {data.description ? (
            <JobDescriptionFacts description={data.description} />
          ) : (
            <p className="text-sm text-slate-600">Glacier has not described this job to Thaw yet.</p>
          )}
        </Card>
        <Card title={record ? "Submitted by Thaw" : "Parameters"}>
          {record && (
            <FactList
              facts={[
                ["Submitted", formatUtc(record.createdAt)],
                ["By", record.submittedBy ?? "—"],
                [
                  "Location",
                  record.location && (
                    <span key="l" className="font-mono text-xs break-all">
                      {record.location}
                    </span>
                  ),
                ],
                ["Output path", record.outputPath],
              ]}
            />
          )}
          <h3 className="mt-4 mb-1 text-sm font-semibold text-slate-800">InitiateJob parameters</h3>
          <pre
            aria-label="Recorded parameters"
            // Wrapped like the review's blocks: a long archive id stays readable without scrolling sideways.
            className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs break-all whitespace-pre-wrap text-slate-100"
          >
            {JSON.stringify(JSON.parse(row.parameters), null, 2)}
          </pre>
          {record?.estimate && (
            <>
              <h3 className="mt-4 mb-1 text-sm font-semibold text-slate-800">Estimate at submission</h3>
              <CostEstimateView priced={{ estimate: record.estimate, cost: data.cost }} />
            </>
          )}
        </Card>
      </div>
    </>
  );
}
