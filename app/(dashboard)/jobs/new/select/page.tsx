import { currentUserHasRole } from "@/lib/auth/current-user";
import { NoConnection } from "@/components/shell/no-connection";
import { SelectWizard } from "@/components/wizard/select-wizard";
import { WizardPageFrame } from "@/components/wizard/wizard-page-frame";
import { emptySelectJob } from "@/lib/glacier/schemas/select-job";
import { decodeSelectShareLink } from "@/lib/glacier/schemas/select-link";
import { queryString } from "@/lib/glacier/share-link";
import { linkedArchiveCatalog, loadWizardPage, wizardProps } from "@/lib/jobs";
import { getActiveConnection } from "@/lib/session";
import { searchArchivesAction } from "../actions";
import { submitSelectJobAction } from "./actions";

export const metadata = { title: "Select" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SelectWizardPage({ searchParams }: Props) {
  const query = await searchParams;
  const data = await loadWizardPage(
    await getActiveConnection(),
    query,
    emptySelectJob(),
    decodeSelectShareLink,
  );
  if (!data) return <NoConnection canAddConnection={await currentUserHasRole("admin")} />;
  const catalog = await linkedArchiveCatalog(data);
  return (
    <WizardPageFrame
      title="Select"
      description="Runs SQL over a CSV archive inside Glacier and writes the result to S3, without retrieving the whole archive."
      vaultsError={data.vaultsError}
    >
      <SelectWizard
        key={queryString(query)}
        {...wizardProps(data)}
        submit={submitSelectJobAction}
        catalog={catalog && { ...catalog, search: searchArchivesAction }}
      />
    </WizardPageFrame>
  );
}
