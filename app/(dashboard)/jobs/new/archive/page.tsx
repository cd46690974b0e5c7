import { ArchiveWizard } from "@/components/wizard/archive-wizard";
import { emptyArchiveJob } from "@/lib/glacier/schemas/archive-job";
import { wizardProps } from "@/lib/jobs";
import { submitArchiveJobAction } from "../actions";
import { archiveCatalogProps, renderWizardPage, type WizardSearchProps } from "../wizard-page";

export const metadata = { title: "Archive retrieval" };

export default async function ArchiveWizardPage(props: WizardSearchProps) {
  return renderWizardPage(props, {
    title: "Archive retrieval",
    description:
      "Stages an archive, or a megabyte-aligned part of it, for download. The output stays available for 24 hours.",
    template: emptyArchiveJob(),
    wizard: async (data) => (
      <ArchiveWizard
        {...wizardProps(data)}
        submit={submitArchiveJobAction}
        {...await archiveCatalogProps(data)}
      />
    ),
  });
}
