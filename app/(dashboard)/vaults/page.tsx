import Link from "next/link";
import { NoConnection } from "@/components/shell/no-connection";
import { AwsError } from "@/components/ui/aws-error";
import { ColumnHeaders } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { formatBytes, formatCount, formatUtc } from "@/lib/glacier/format";
import { requireUser } from "@/lib/auth/current-user";
import { hasRole } from "@/lib/auth/roles";
import { targetForConnection } from "@/lib/aws/connection-target";
import { AwsOperationError } from "@/lib/aws/errors";
import { listAllVaults, type VaultSummary } from "@/lib/aws/vaults";
import { getConnectionContext } from "@/lib/session";

export const metadata = { title: "Vaults" };

export default async function VaultsPage() {
  const user = await requireUser();
  const { active } = await getConnectionContext();
  if (!active) return <NoConnection canAddConnection={hasRole(user.role, "admin")} />;

  let vaults: VaultSummary[];
  try {
    vaults = await listAllVaults(await targetForConnection(active));
  } catch (error) {
    if (!(error instanceof AwsOperationError)) throw error;
    return (
      <>
        <PageHeader title="Vaults" description={`Connection ${active.name}`} />
        <AwsError failure={error.failure} title="Could not list the vaults" />
      </>
    );
  }

  const totalBytes = vaults.reduce((sum, v) => sum + (v.sizeInBytes ?? 0), 0);
  const totalArchives = vaults.reduce((sum, v) => sum + (v.numberOfArchives ?? 0), 0);

  return (
    <>
      <PageHeader
        title="Vaults"
        description={`${formatCount(vaults.length)} vaults · ${formatCount(totalArchives)} archives · ${formatBytes(totalBytes)} in ${active.name} (${active.region}). Counts are as of each vault's last inventory.`}
      />
      {vaults.length === 0 ? (
        <EmptyState title="This account has no vaults in this region." />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Vaults of {active.name}</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-xs tracking-wide text-slate-500 uppercase">
              <ColumnHeaders
                cellClassName="px-4 py-2.5"
                columns={[
                  "Name",
                  "Created",
                  { label: "Archives", numeric: true },
                  { label: "Size", numeric: true },
                  "Last inventory",
                ]}
              />
            </thead>
            <tbody className="divide-y divide-slate-100">
              {vaults.map((v) => (
                <tr key={v.arn} className="hover:bg-slate-50">
                  <th scope="row" className="px-4 py-2.5 font-medium">
                    <Link
                      href={`/vaults/${encodeURIComponent(v.name)}`}
                      className="text-ice-700 hover:underline"
                    >
                      {v.name}
                    </Link>
                  </th>
                  <td className="px-4 py-2.5 whitespace-nowrap text-slate-600">
                    {formatUtc(v.creationDate)}
                  </td>
                  <td className="px-4 py-2.5 text-right tabular-nums">{formatCount(v.numberOfArchives)}</td>
                  <td className="px-4 py-2.5 text-right whitespace-nowrap tabular-nums">
                    {formatBytes(v.sizeInBytes)}
                  </td>
                  <td className="px-4 py-2.5 whitespace-nowrap text-slate-600">
                    {v.lastInventoryDate ? formatUtc(v.lastInventoryDate) : "never"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
