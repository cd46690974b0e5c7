import Link from "next/link";
import { NoConnection } from "@/components/shell/no-connection";
import { AwsError } from "@/components/ui/aws-error";
import { PageHeader } from "@/components/ui/page-header";
import { ArchiveWizard } from "@/components/wizard/archive-wizard";
import { emptyArchiveJob } from "@/lib/glacier/schemas/archive-job";
import { queryString } from "@/lib/glacier/share-link";
import { isValidVaultName } from "@/lib/glacier/vault-name";
import { latestArchiveCatalog } from "@/lib/jobs/archive-catalog";
import { loadWizardPage } from "@/lib/jobs/wizard-page-data";
import { searchArchivesAction, submitArchiveJobAction } from "../actions";

export const metadata = { title: "Archive retrieval" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ArchiveWizardPage({ searchParams }: Props) {
  const query = await searchParams;
  const data = await loadWizardPage(query, emptyArchiveJob());
  if (!data) return <NoConnection />;
  const { vault, ArchiveId } = data.link.values;
  // The picker is a convenience: without a catalogued inventory (or if reading it fails) pasting works.
  const catalog = isValidVaultName(vault)
    ? await latestArchiveCatalog(data.target.id, vault, ArchiveId.trim()).catch(() => null)
    : null;
  return (
    <>
      <PageHeader
        title="Archive retrieval"
        breadcrumb={
          <Link href="/jobs/new" className="hover:underline">
            New job
          </Link>
        }
        description="Stages an archive, or a megabyte-aligned part of it, for download. The output stays available for 24 hours."
      />
      {data.vaultsError && <AwsError failure={data.vaultsError} title="Could not list the vaults" />}
      <ArchiveWizard
        key={queryString(query)}
        defaults={data.link.values}
        linkFields={data.link.fields}
        linkConnection={data.link.connection}
        connection={data.connection}
        vaults={data.vaults}
        pricing={data.pricing}
        submit={submitArchiveJobAction}
        catalog={catalog && { ...catalog, search: searchArchivesAction }}
      />
    </>
  );
}
