import { currentUserHasRole } from "@/lib/auth/current-user";
import { NoConnection } from "@/components/shell/no-connection";
import { InventoryWizard } from "@/components/wizard/inventory-wizard";
import { WizardPageFrame } from "@/components/wizard/wizard-page-frame";
import { latestInventoryMarker } from "@/lib/aws/job-requests";
import { emptyInventoryJob } from "@/lib/glacier/schemas/inventory-job";
import { queryString } from "@/lib/glacier/share-link";
import { loadWizardPage, lookupLinkedVault, wizardProps } from "@/lib/jobs";
import { getActiveConnection } from "@/lib/session";
import { submitInventoryJobAction } from "../actions";

export const metadata = { title: "Inventory retrieval" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function InventoryWizardPage({ searchParams }: Props) {
  const query = await searchParams;
  const data = await loadWizardPage(await getActiveConnection(), query, emptyInventoryJob());
  if (!data) return <NoConnection canAddConnection={await currentUserHasRole("admin")} />;
  // A marker is only offered for the vault the page opened with.
  const previous = await lookupLinkedVault(data, (vault) => latestInventoryMarker(data.target, vault));
  return (
    <WizardPageFrame
      title="Inventory retrieval"
      description="Lists a vault's archives as Glacier saw them at its last daily inventory: ids, descriptions, sizes, tree hashes."
      vaultsError={data.vaultsError}
    >
      <InventoryWizard
        key={queryString(query)}
        {...wizardProps(data)}
        submit={submitInventoryJobAction}
        previousMarker={previous && { ...previous, vault: data.link.values.vault }}
      />
    </WizardPageFrame>
  );
}
