import Link from "next/link";
import { PlanWizard } from "@/components/plans/plan-wizard";
import { loadNewPlanSearchParams } from "@/components/plans/search-params";
import { NoConnection } from "@/components/shell/no-connection";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { currentUserHasRole, requireUser } from "@/lib/auth/current-user";
import { AwsOperationError } from "@/lib/aws/errors";
import { type AccountTarget, getRetrievalControls } from "@/lib/aws/vaults";
import { getConfig } from "@/lib/config";
import { type PlanSelection } from "@/lib/glacier/plan-form";
import {
  allArchivesLabel,
  coverageKind,
  coverageLabel,
  getInventoryOrThrow,
  InventoryNotFoundError,
} from "@/lib/inventory";
import { getActiveTarget } from "@/lib/session";
import { selectionTotals } from "@/lib/plans";
import { createPlanAction } from "../actions";
import { DEFAULT_THROUGHPUT } from "@/lib/glacier/plan-duration";

export const metadata = { title: "Plan a migration" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The form's selection from the URL (see newPlanSearchParams). */
function selectionOf(query: { selection: "checked" | null; q: string }): PlanSelection | { kind: "checked" } {
  if (query.selection === "checked") return { kind: "checked" };
  const q = query.q.trim();
  return q ? { kind: "filter", q } : { kind: "all" };
}

async function inventoryOf(inventoryId: string, connectionId: string) {
  try {
    const inventory = await getInventoryOrThrow(inventoryId);
    return inventory.connectionId === connectionId ? inventory : null;
  } catch (error) {
    if (error instanceof InventoryNotFoundError) return null;
    throw error;
  }
}

/** The account's BytesPerHour retrieval policy rate, offered as the daily budget; null without one. */
async function policyRateOf(target: AccountTarget): Promise<number | null> {
  try {
    const { policy } = await getRetrievalControls(target);
    return policy?.strategy === "BytesPerHour" ? policy.bytesPerHour : null;
  } catch (error) {
    // Not allowed to read the policy (or unreachable): the form works without the suggestion.
    if (error instanceof AwsOperationError) return null;
    throw error;
  }
}

function ChooseInventory({ reason }: { reason: string }) {
  return (
    <EmptyState title={reason}>
      <p>
        A plan starts from an imported inventory: open a completed inventory job, import it, and choose “Plan
        migration” in its catalog (all archives, the current search, or the checked rows).
      </p>
      <ButtonLink href="/jobs" className="mt-4">
        Go to jobs
      </ButtonLink>
    </EmptyState>
  );
}

export default async function NewPlanPage({ searchParams }: Props) {
  await requireUser("operator");
  const active = await getActiveTarget();
  if (!active) return <NoConnection canAddConnection={await currentUserHasRole("admin")} />;
  const query = await loadNewPlanSearchParams(searchParams);
  const inventoryId = query.inventory;
  const header = (
    <PageHeader
      title="Plan a migration"
      breadcrumb={
        <Link href="/plans" className="hover:underline">
          Plans
        </Link>
      }
      description="Retrieve many archives within a spending cap and copy each to S3 or a server directory, verified by its tree hash. The plan runs on the server and survives restarts."
    />
  );
  const inventory = inventoryId ? await inventoryOf(inventoryId, active.connection.id) : null;
  if (!inventory)
    return (
      <>
        {header}
        <ChooseInventory
          reason={
            inventoryId ? "That inventory is not available for this connection" : "Choose an inventory first"
          }
        />
      </>
    );
  const selection = selectionOf(query);
  const [totals, policyBytesPerHour] = await Promise.all([
    selection.kind === "checked" ? null : selectionTotals(inventory.id, selection),
    policyRateOf(active.target),
  ]);
  const config = getConfig();
  return (
    <>
      {header}
      <PlanWizard
        key={`${inventory.id}:${JSON.stringify(selection)}`}
        inventory={{
          id: inventory.id,
          vaultName: inventory.vaultName,
          date: inventory.inventoryDate ?? inventory.importedAt,
          archives: inventory.archiveCount,
          partial: coverageKind(inventory.coverage) === "vault" ? null : coverageLabel(inventory.coverage),
          allSuffix: allArchivesLabel(inventory.coverage),
        }}
        selection={selection}
        totals={totals && { archives: totals.archives, bytes: totals.bytes, largest: totals.largest }}
        pricing={config.pricing}
        throughput={{
          initiationsPerSecond: config.plans.initiationsPerSecond,
          copiesAtOnce: config.plans.copiesAtOnce,
          copyMiBPerSecond: DEFAULT_THROUGHPUT.copyMiBPerSecond,
        }}
        exportRoots={config.plans.exportDirs}
        policyBytesPerHour={policyBytesPerHour}
        onCreate={createPlanAction}
      />
    </>
  );
}
