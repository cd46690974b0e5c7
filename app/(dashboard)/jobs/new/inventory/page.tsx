import { InventoryWizard } from "@/components/wizard/inventory-wizard";
import { latestInventoryMarker } from "@/lib/aws/job-requests";
import { emptyInventoryJob } from "@/lib/glacier/schemas/inventory-job";
import { lookupLinkedVault, wizardProps } from "@/lib/jobs";
import { submitInventoryJobAction } from "../actions";
import { renderWizardPage, type WizardSearchProps } from "../wizard-page";

export const metadata = { title: "Inventory retrieval" };

export default async function InventoryWizardPage(props: WizardSearchProps) {
  return renderWizardPage(props, {
    title: "Inventory retrieval",
    description:
      "Lists a vault's archives as Glacier saw them at its last daily inventory: ids, descriptions, sizes, tree hashes.",
    template: emptyInventoryJob(),
    wizard: async (data) => {
      // A marker is only offered for the vault the page opened with.
      const previous = await lookupLinkedVault(data, (vault) => latestInventoryMarker(data.target, vault));
      return (
        <InventoryWizard
          {...wizardProps(data)}
          submit={submitInventoryJobAction}
          previousMarker={previous && { ...previous, vault: data.link.values.vault }}
        />
      );
    },
  });
}
