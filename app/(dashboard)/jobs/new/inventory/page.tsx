import Link from "next/link";
import { NoConnection } from "@/components/shell/no-connection";
import { AwsError } from "@/components/ui/aws-error";
import { PageHeader } from "@/components/ui/page-header";
import { InventoryWizard } from "@/components/wizard/inventory-wizard";
import { latestInventoryMarker } from "@/lib/aws/job-requests";
import { emptyInventoryJob } from "@/lib/glacier/schemas/inventory-job";
import { queryString } from "@/lib/glacier/share-link";
import { isValidVaultName } from "@/lib/glacier/vault-name";
import { loadWizardPage } from "@/lib/jobs/wizard-page-data";
import { submitInventoryJobAction } from "../actions";

export const metadata = { title: "Inventory retrieval" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function InventoryWizardPage({ searchParams }: Props) {
  const query = await searchParams;
  const data = await loadWizardPage(query, emptyInventoryJob());
  if (!data) return <NoConnection />;
  const vault = data.link.values.vault;
  // A marker is only offered for the vault the page opened with; a failed lookup just offers none.
  const previous = isValidVaultName(vault)
    ? await latestInventoryMarker(data.target, vault).catch(() => null)
    : null;
  return (
    <>
      <PageHeader
        title="Inventory retrieval"
        breadcrumb={
          <Link href="/jobs/new" className="hover:underline">
            New job
          </Link>
        }
        description="Lists a vault's archives as Glacier saw them at its last daily inventory: ids, descriptions, sizes, tree hashes."
      />
      {data.vaultsError && <AwsError failure={data.vaultsError} title="Could not list the vaults" />}
      <InventoryWizard
        key={queryString(query)}
        defaults={data.link.values}
        linkFields={data.link.fields}
        linkConnection={data.link.connection}
        connection={data.connection}
        vaults={data.vaults}
        pricing={data.pricing}
        submit={submitInventoryJobAction}
        previousMarker={previous && { ...previous, vault }}
      />
    </>
  );
}
