import { routeParam } from "@/lib/route-param";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DeleteVerifiedDialog } from "@/components/plans/delete-verified-dialog";
import { PlanAutoRefresh } from "@/components/plans/plan-auto-refresh";
import { PlanControls } from "@/components/plans/plan-controls";
import {
  describeDestination,
  ORDER_LABELS,
  planStatusLabel,
  planStatusTone,
} from "@/components/plans/plan-format";
import { PLAN_ITEMS_PAGE_SIZE, PlanItemsTable } from "@/components/plans/plan-items-table";
import { PlanLimitsForm } from "@/components/plans/plan-limits-form";
import { PlanProgress } from "@/components/plans/plan-progress";
import { loadPlanItemsSearchParams } from "@/components/plans/search-params";
import { Badge } from "@/components/ui/badge";
import { Card, FactList } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/current-user";
import { hasRole } from "@/lib/auth/roles";
import { getConfig } from "@/lib/config";
import { formatBytes, formatUtc } from "@/lib/glacier/format";
import { formatUsd } from "@/lib/glacier/pricing";
import { getPlan, listPlanItems } from "@/lib/plans";
import { parkedTasks } from "@/lib/tasks";
import { ParkedTasks } from "@/components/tasks/parked-tasks";
import { retryParkedTaskAction } from "../../tasks/actions";
import { deleteVerifiedArchivesAction, planCommandAction, updatePlanLimitsAction } from "../actions";

export const metadata = { title: "Plan" };
export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ planId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function PlanPage({ params, searchParams }: Props) {
  const user = await requireUser("viewer");
  const planId = routeParam((await params).planId);
  const plan = await getPlan(planId, { pricing: getConfig().pricing });
  if (!plan) notFound();
  const query = await loadPlanItemsSearchParams(searchParams);
  const status = query.status;
  const page = Math.max(1, query.page);
  const items = await listPlanItems(plan.id, {
    ...(status ? { status } : {}),
    offset: (page - 1) * PLAN_ITEMS_PAGE_SIZE,
    limit: PLAN_ITEMS_PAGE_SIZE,
  });
  const canOperate = hasRole(user.role, "operator");
  const open = plan.status !== "cancelled" && plan.status !== "completed";
  const moving = plan.status === "running" || plan.status === "capped";
  const inFlight = plan.counts.requested + plan.counts.copying + plan.counts.copied;
  const verified = plan.counts.verified;
  const canDelete = hasRole(user.role, "admin") && verified > 0;
  // The confirmation names exact figures, so it is offered once they stop changing.
  const settled = !moving;
  // The delete confirmation names the bytes still `verified` exactly: a counter on the plan row.
  const deletableBytes = canDelete && settled ? plan.bytes.awaitingDelete : 0;
  const basePath = `/plans/${encodeURIComponent(plan.id)}`;
  // Operators change the limits of a plan still going; once it ends, everyone reads what "verified" means.
  const side =
    canOperate && open ? (
      <Card title="Limits">
        <PlanLimitsForm
          planId={plan.id}
          current={{
            capUsd: plan.capUsd,
            maxInFlight: plan.maxInFlight,
            dailyByteBudget: plan.dailyByteBudget,
          }}
          onSave={updatePlanLimitsAction}
        />
      </Card>
    ) : open ? null : (
      <Card title="After the migration">
        <p className="text-sm text-slate-600">
          Every verified archive was copied chunk by chunk, each chunk matching Glacier&apos;s tree hash for
          its range, and the chunks together matching the archive&apos;s SHA-256 tree hash; the manifest lists
          each archive id with its object key, size and hash.
        </p>
      </Card>
    );
  return (
    <>
      <PlanAutoRefresh active={moving || (plan.status === "paused" && inFlight > 0)} />
      <PageHeader
        title={plan.name}
        breadcrumb={
          <Link href="/plans" className="hover:underline">
            Plans
          </Link>
        }
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge tone={planStatusTone(plan.status)}>{planStatusLabel(plan.status)}</Badge>
            <span>
              {plan.vaultName} → {describeDestination(plan.destination)}
            </span>
          </span>
        }
      />
      {plan.status === "capped" && (
        <p
          role="status"
          className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
        >
          Stopped at the spending cap: the next archive would take the estimated spend past{" "}
          {formatUsd(plan.capUsd)}. Jobs already in flight still finish and are copied. Raise the cap below to
          continue.
        </p>
      )}
      {plan.status === "paused" && (
        <p
          role="status"
          className="mb-4 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-800"
        >
          Paused: no new jobs start. Jobs already requested keep running in Glacier, and Thaw still copies and
          verifies their outputs as they complete.
        </p>
      )}
      {plan.lastError && (
        <p className="mb-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
          Last problem: {plan.lastError}
        </p>
      )}
      <Card
        title="Progress"
        actions={moving && <span className="text-xs text-slate-500">Live · updates every 2 s</span>}
      >
        <PlanProgress data={plan} />
        <div className="mt-4">
          <PlanControls
            planId={plan.id}
            status={plan.status}
            failed={plan.counts.failed}
            canOperate={canOperate}
            onCommand={planCommandAction}
          />
        </div>
      </Card>
      <div className="mt-6 empty:hidden">
        <ParkedTasks
          tasks={await parkedTasks({ groupId: plan.id })}
          canRetry={canOperate}
          retry={retryParkedTaskAction}
        />
      </div>
      <div className={cn("mt-6 grid items-start gap-6", side && "lg:grid-cols-2")}>
        <Card title="Plan">
          <FactList
            facts={[
              ["Vault", plan.vaultName],
              ["Destination", describeDestination(plan.destination)],
              ["Tier", plan.tier],
              ["Order", ORDER_LABELS[plan.orderBy] ?? plan.orderBy],
              ["Spending cap", formatUsd(plan.capUsd)],
              ["Jobs in flight at most", String(plan.maxInFlight)],
              [
                "Daily byte budget",
                plan.dailyByteBudget === null ? "None" : formatBytes(plan.dailyByteBudget),
              ],
              ["Created", `${formatUtc(plan.createdAt)}${plan.createdBy ? ` by ${plan.createdBy}` : ""}`],
            ]}
          />
        </Card>
        {side}
      </div>
      {canDelete && (
        <Card title="Free the vault" className="mt-6">
          <p className="mb-3 text-sm text-slate-600">
            Verified archives can be deleted from the vault. Glacier charges early deletion for archives
            younger than 90 days.
          </p>
          {settled ? (
            <DeleteVerifiedDialog
              key={`${verified}:${deletableBytes}`}
              planId={plan.id}
              count={verified}
              bytes={deletableBytes}
              onDelete={deleteVerifiedArchivesAction}
            />
          ) : (
            <p className="text-sm text-slate-600">
              Pause the plan (or let it finish) to delete the {verified} verified archives: the confirmation
              names exact figures, which change while it runs.
            </p>
          )}
        </Card>
      )}
      <div className="mt-6">
        <PlanItemsTable
          basePath={basePath}
          items={items.items}
          total={items.total}
          counts={plan.counts}
          status={status}
          page={page}
        />
      </div>
    </>
  );
}
