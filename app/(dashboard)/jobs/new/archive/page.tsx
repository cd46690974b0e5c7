import { currentUserHasRole } from "@/lib/auth/current-user";
import { NoConnection } from "@/components/shell/no-connection";
import { ArchiveWizard } from "@/components/wizard/archive-wizard";
import { WizardPageFrame } from "@/components/wizard/wizard-page-frame";
import { emptyArchiveJob } from "@/lib/glacier/schemas/archive-job";
import { queryString } from "@/lib/glacier/share-link";
import { linkedArchiveCatalog, loadWizardPage, wizardProps } from "@/lib/jobs";
import { getActiveConnection } from "@/lib/session";
import { searchArchivesAction, submitArchiveJobAction } from "../actions";

export const metadata = { title: "Archive retrieval" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ArchiveWizardPage({ searchParams }: Props) {
  const query = await searchParams;
  const data = await loadWizardPage(await getActiveConnection(), query, emptyArchiveJob());
  if (!data) return <NoConnection canAddConnection={await currentUserHasRole("admin")} />;
  const catalog = await linkedArchiveCatalog(data);
  return (
    <WizardPageFrame
      title="Archive retrieval"
      description="Stages an archive, or a megabyte-aligned part of it, for download. The output stays available for 24 hours."
      vaultsError={data.vaultsError}
    >
      <ArchiveWizard
        key={queryString(query)}
        {...wizardProps(data)}
        submit={submitArchiveJobAction}
        catalog={catalog && { ...catalog, search: searchArchivesAction }}
      />
    </WizardPageFrame>
  );
}
