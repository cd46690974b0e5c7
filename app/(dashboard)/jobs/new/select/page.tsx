import Link from "next/link";
import { NoConnection } from "@/components/shell/no-connection";
import { AwsError } from "@/components/ui/aws-error";
import { PageHeader } from "@/components/ui/page-header";
import { SelectWizard } from "@/components/wizard/select-wizard";
import { emptySelectJob } from "@/lib/glacier/schemas/select-job";
import { decodeSelectShareLink } from "@/lib/glacier/schemas/select-link";
import { queryString } from "@/lib/glacier/share-link";
import { isValidVaultName } from "@/lib/glacier/vault-name";
import { latestArchiveCatalog } from "@/lib/jobs/archive-catalog";
import { loadWizardPage } from "@/lib/jobs/wizard-page-data";
import { searchArchivesAction } from "../actions";
import { submitSelectJobAction } from "./actions";

export const metadata = { title: "Select" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SelectWizardPage({ searchParams }: Props) {
  const query = await searchParams;
  const data = await loadWizardPage(query, emptySelectJob(), decodeSelectShareLink);
  if (!data) return <NoConnection />;
  const { vault, ArchiveId } = data.link.values;
  // The picker is a convenience: without a catalogued inventory (or if reading it fails) pasting works.
  const catalog = isValidVaultName(vault)
    ? await latestArchiveCatalog(data.target.id, vault, ArchiveId.trim()).catch(() => null)
    : null;
  return (
    <>
      <PageHeader
        title="Select"
        breadcrumb={
          <Link href="/jobs/new" className="hover:underline">
            New job
          </Link>
        }
        description="Runs SQL over a CSV archive inside Glacier and writes the result to S3, without retrieving the whole archive."
      />
      {data.vaultsError && <AwsError failure={data.vaultsError} title="Could not list the vaults" />}
      <SelectWizard
        key={queryString(query)}
        defaults={data.link.values}
        linkFields={data.link.fields}
        linkConnection={data.link.connection}
        connection={data.connection}
        vaults={data.vaults}
        pricing={data.pricing}
        submit={submitSelectJobAction}
        catalog={catalog && { ...catalog, search: searchArchivesAction }}
      />
    </>
  );
}
