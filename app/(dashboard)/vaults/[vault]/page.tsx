import { routeParam } from "@/lib/route-param";
import Link from "next/link";
import { NoJobStartNote } from "@/components/jobs/role-note";
import { NoConnection } from "@/components/shell/no-connection";
import { AwsError } from "@/components/ui/aws-error";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card, FactList } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { formatBytes, formatCount, formatUtc } from "@/lib/glacier/format";
import { requireUser } from "@/lib/auth/current-user";
import { hasRole } from "@/lib/auth/roles";
import { targetForConnection } from "@/lib/aws/connection-target";
import { AwsOperationError } from "@/lib/aws/errors";
import {
  getRetrievalControls,
  getVaultDetails,
  type RetrievalControls,
  type VaultDetails,
} from "@/lib/aws/vaults";
import {
  coverageKind,
  coverageLabel,
  type InventorySummary,
  listInventories,
  versionHref,
} from "@/lib/inventory";
import { getConnectionContext } from "@/lib/session";

type Props = { params: Promise<{ vault: string }> };

export async function generateMetadata({ params }: Props) {
  const { vault } = await params;
  return { title: routeParam(vault) };
}

export default async function VaultPage({ params }: Props) {
  const vaultName = routeParam((await params).vault);
  const user = await requireUser();
  const { active } = await getConnectionContext();
  if (!active) return <NoConnection canAddConnection={hasRole(user.role, "admin")} />;

  const breadcrumb = (
    <Link href="/vaults" className="hover:underline">
      Vaults
    </Link>
  );
  let details: VaultDetails;
  let controls: RetrievalControls;
  try {
    const target = await targetForConnection(active);
    [details, controls] = await Promise.all([
      getVaultDetails(target, vaultName),
      getRetrievalControls(target),
    ]);
  } catch (error) {
    if (!(error instanceof AwsOperationError)) throw error;
    return (
      <>
        <PageHeader title={vaultName} breadcrumb={breadcrumb} />
        <AwsError failure={error.failure} title={`Could not read vault ${vaultName}`} />
      </>
    );
  }

  const { vault, notifications, tags } = details;
  const q = `vault=${encodeURIComponent(vault.name)}`;
  // Newest first: the version the archive pickers search.
  const [latestCatalog] = await listInventories(active.id, vaultName);
  return (
    <>
      <PageHeader
        title={vault.name}
        breadcrumb={breadcrumb}
        description={<span className="font-mono text-xs">{vault.arn}</span>}
        actions={
          // The wizards are operator-only: other roles get the note instead of links that would 404.
          hasRole(user.role, "operator") ? (
            <>
              <ButtonLink href={`/jobs/new/inventory?${q}`} variant="primary">
                Get a fresh inventory
              </ButtonLink>
              <ButtonLink href={`/jobs/new/archive?${q}`}>Retrieve an archive</ButtonLink>
              <ButtonLink href={`/jobs/new/select?${q}`}>Query with Select</ButtonLink>
            </>
          ) : (
            <NoJobStartNote role={user.role} />
          )
        }
      />
      <nav aria-label="This vault in Thaw" className="mb-6 flex flex-wrap gap-x-6 gap-y-2 text-sm">
        <CatalogLink latest={latestCatalog} />
        <Link href={`/jobs?${q}`} className="font-medium text-ice-700 hover:underline">
          Jobs of this vault
        </Link>
      </nav>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Vault">
          <FactList
            facts={[
              ["Created", formatUtc(vault.creationDate)],
              ["Archives", formatCount(vault.numberOfArchives)],
              [
                "Size",
                vault.sizeInBytes === null
                  ? null
                  : `${formatBytes(vault.sizeInBytes)} (${formatCount(vault.sizeInBytes)} bytes)`,
              ],
              ["Last inventory", vault.lastInventoryDate ? formatUtc(vault.lastInventoryDate) : "never"],
            ]}
          />
          <p className="mt-3 text-xs text-slate-500">
            Glacier updates these counts about once a day, from its last inventory.
          </p>
        </Card>
        <Card title="Notifications">
          {notifications ? (
            <FactList
              facts={[
                [
                  "SNS topic",
                  <span key="t" className="font-mono text-xs">
                    {notifications.snsTopic}
                  </span>,
                ],
                [
                  "Events",
                  <span key="e" className="flex flex-wrap gap-1">
                    {notifications.events.map((e) => (
                      <Badge key={e} tone="info">
                        {e}
                      </Badge>
                    ))}
                  </span>,
                ],
              ]}
            />
          ) : (
            <p className="text-sm text-slate-600">
              No notification configuration: jobs notify only when they name their own SNS topic.
            </p>
          )}
        </Card>
        <Card title="Data retrieval policy (account, this region)">
          <FactList
            facts={[
              ["Strategy", controls.policy?.strategy ?? "None"],
              [
                "Max bytes per hour",
                controls.policy?.bytesPerHour ? formatBytes(controls.policy.bytesPerHour) : null,
              ],
            ]}
          />
          <p className="mt-3 text-xs text-slate-500">The policy limits Standard retrievals only.</p>
        </Card>
        <Card title="Provisioned capacity (account, this region)">
          {controls.capacity.length === 0 ? (
            <p className="text-sm text-slate-600">
              No provisioned capacity units: Expedited retrievals use shared capacity and may be refused at
              peak demand.
            </p>
          ) : (
            <ul className="space-y-1 text-sm">
              {controls.capacity.map((c) => (
                <li key={c.capacityId}>
                  <span className="font-mono text-xs">{c.capacityId}</span> · until{" "}
                  {formatUtc(c.expirationDate)}
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Tags" className="lg:col-span-2">
          {Object.keys(tags).length === 0 ? (
            <p className="text-sm text-slate-600">No tags.</p>
          ) : (
            <ul className="flex flex-wrap gap-2">
              {Object.entries(tags).map(([k, v]) => (
                <li key={k}>
                  <Badge>
                    {k}
                    {v ? `: ${v}` : ""}
                  </Badge>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}

/** The vault's newest catalogued inventory (what the archive pickers search), or how to get one. */
function CatalogLink({ latest }: { latest: InventorySummary | undefined }) {
  const href = latest ? versionHref(latest.jobId) : null;
  if (!latest || !href) {
    return <span className="text-slate-600">No catalog yet: get an inventory to browse its archives.</span>;
  }
  const date = formatUtc(latest.inventoryDate ?? latest.importedAt);
  const partial = coverageKind(latest.coverage) === "vault" ? "" : `, ${coverageLabel(latest.coverage)}`;
  return (
    <span className="text-slate-600">
      <Link href={href} className="font-medium text-ice-700 hover:underline">
        Latest catalog
      </Link>{" "}
      ({formatCount(latest.archiveCount)} archives, inventory of {date}
      {partial})
    </span>
  );
}
