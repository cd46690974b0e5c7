import { ArchiveWizard } from "@/components/wizard/archive-wizard";
import { emptyArchiveJob } from "@/lib/glacier/schemas/archive-job";
import { linkedArchiveCatalog, wizardProps } from "@/lib/jobs";
import { searchArchivesAction, submitArchiveJobAction } from "../actions";
import { renderWizardPage, type WizardPageProps } from "../wizard-page";

export const metadata = { title: "Archive retrieval" };

export default async function ArchiveWizardPage(props: WizardPageProps) {
  return renderWizardPage(props, {
    title: "Archive retrieval",
    description:
      "Stages an archive, or a megabyte-aligned part of it, for download. The output stays available for 24 hours.",
    template: emptyArchiveJob(),
    wizard: async (data) => {
      const catalog = await linkedArchiveCatalog(data);
      return (
        <ArchiveWizard
          {...wizardProps(data)}
          submit={submitArchiveJobAction}
          catalog={catalog && { ...catalog, search: searchArchivesAction }}
        />
      );
    },
  });
}
