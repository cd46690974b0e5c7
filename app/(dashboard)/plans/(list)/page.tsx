import { currentUserHasRole } from "@/lib/auth/current-user";
import Link from "next/link";
import { PlanAutoRefresh } from "@/components/plans/plan-auto-refresh";
import { describeDestination, planStatusLabel, planStatusTone } from "@/components/plans/plan-format";
import { PlanProgress } from "@/components/plans/plan-progress";
import { NoConnection } from "@/components/shell/no-connection";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getConfig } from "@/lib/config";
import { formatBytes, formatCount, formatUtcCompact } from "@/lib/glacier/format";
import { formatUsd } from "@/lib/glacier/pricing";
import { listPlans } from "@/lib/plans";
import { getConnectionContext } from "@/lib/session";

export const metadata = { title: "Plans" };
export const dynamic = "force-dynamic";

/** The active connection's migration plans, newest first, with their progress. */
export default async function PlansPage() {
  const { active } = await getConnectionContext();
  if (!active) return <NoConnection canAddConnection={await currentUserHasRole("admin")} />;
  const plans = await listPlans(active.id, { pricing: getConfig().pricing });
  const moving = plans.some((p) => p.status === "running" || p.status === "capped");
  return (
    <>
      <PlanAutoRefresh active={moving} intervalMs={5000} />
      <PageHeader
        title="Plans"
        description={`Bulk retrievals of ${active.name}: many archives retrieved within a spending cap and copied to S3 or a server directory, each verified by its tree hash. Start one from an imported inventory's catalog.`}
      />
      {plans.length === 0 ? (
        <EmptyState title="No plans yet">
          <p>
            Open a completed inventory job, import its inventory, and choose “Plan migration” in the catalog.
          </p>
        </EmptyState>
      ) : (
        <DataTable
          label="Plans"
          size="sm"
          columns={[
            "Plan",
            "State",
            { label: "Progress", className: "w-48" },
            { label: "Spent / cap", numeric: true },
            "Created (UTC)",
          ]}
        >
          {plans.map((plan) => {
            const total = Object.values(plan.counts).reduce((a, b) => a + b, 0);
            return (
              <tr key={plan.id}>
                <td className="max-w-md px-3 py-2">
                  <Link
                    href={`/plans/${encodeURIComponent(plan.id)}`}
                    className="font-medium text-ice-700 hover:underline"
                  >
                    {plan.name}
                  </Link>
                  <span className="block truncate text-xs text-slate-500">
                    {plan.vaultName} → {describeDestination(plan.destination)}
                  </span>
                </td>
                <td className="px-3 py-2">
                  <Badge tone={planStatusTone(plan.status)}>{planStatusLabel(plan.status)}</Badge>
                </td>
                <td className="px-3 py-2">
                  <PlanProgress data={plan} compact />
                  <span className="text-xs text-slate-500 tabular-nums">
                    {formatCount(plan.counts.verified + plan.counts.deleted)} of {formatCount(total)} verified
                    {plan.counts.deleted > 0 &&
                      ` (${formatCount(plan.counts.deleted)} deleted from the vault)`}{" "}
                    · {formatBytes(plan.bytes.total)}
                  </span>
                </td>
                <td className="px-3 py-2 text-right whitespace-nowrap tabular-nums">
                  {formatUsd(plan.spentUsd)} / {formatUsd(plan.capUsd)}
                </td>
                <td className="px-3 py-2 whitespace-nowrap">{formatUtcCompact(plan.createdAt)}</td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </>
  );
}
