import Link from "next/link";
import { NoConnection } from "@/components/shell/no-connection";
import { AwsError } from "@/components/ui/aws-error";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { formatBytes, formatCount, formatUtc } from "@/lib/glacier/format";
import { targetForConnection } from "@/lib/aws/connection-target";
import { AwsOperationError } from "@/lib/aws/errors";
import { listAllVaults, type VaultSummary } from "@/lib/aws/vaults";
import { getConnectionContext } from "@/lib/session/active-connection";

export const metadata = { title: "Overview" };

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</p>
      <p className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums">{value}</p>
    </div>
  );
}

export default async function OverviewPage() {
  const { active } = await getConnectionContext();
  if (!active) return <NoConnection />;
  let vaults: VaultSummary[] | undefined;
  let failure;
  try {
    vaults = await listAllVaults(await targetForConnection(active));
  } catch (error) {
    if (!(error instanceof AwsOperationError)) throw error;
    failure = error.failure;
  }
  const largest = [...(vaults ?? [])].sort((a, b) => (b.sizeInBytes ?? 0) - (a.sizeInBytes ?? 0)).slice(0, 5);
  return (
    <>
      <PageHeader
        title="Overview"
        description={`${active.name} · ${active.region} · account ${active.accountId}`}
        actions={<ButtonLink href="/jobs/new" variant="primary">New job</ButtonLink>}
      />
      {failure && <AwsError failure={failure} title="Could not reach this connection" />}
      {vaults && (
        <div className="space-y-6">
          <div className="grid gap-4 sm:grid-cols-3">
            <Stat label="Vaults" value={formatCount(vaults.length)} />
            <Stat label="Archives" value={formatCount(vaults.reduce((n, v) => n + (v.numberOfArchives ?? 0), 0))} />
            <Stat label="Stored" value={formatBytes(vaults.reduce((n, v) => n + (v.sizeInBytes ?? 0), 0))} />
          </div>
          <Card title="Largest vaults" actions={<Link href="/vaults" className="text-sm text-ice-700 hover:underline">All vaults</Link>}>
            {largest.length === 0 ? (
              <p className="text-sm text-slate-600">No vaults in this region.</p>
            ) : (
              <ul className="divide-y divide-slate-100 text-sm">
                {largest.map((v) => (
                  <li key={v.arn} className="flex items-center justify-between gap-4 py-2">
                    <Link href={`/vaults/${encodeURIComponent(v.name)}`} className="font-medium text-ice-700 hover:underline">{v.name}</Link>
                    <span className="text-slate-600 tabular-nums">
                      {formatCount(v.numberOfArchives)} archives · {formatBytes(v.sizeInBytes)} · inventory {v.lastInventoryDate ? formatUtc(v.lastInventoryDate) : "never"}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      )}
    </>
  );
}
