import { Fragment } from "react";
import { currentUserHasRole } from "@/lib/auth/current-user";
import { NoConnection } from "@/components/shell/no-connection";
import { WizardPageFrame } from "@/components/wizard/wizard-page-frame";
import { type DecodedShareLink, queryString, type SearchParamsLike } from "@/lib/glacier/share-link";
import { linkedArchiveCatalog, loadWizardPage, type WizardPageData } from "@/lib/jobs";
import { getActiveConnection } from "@/lib/session";
import { lookupArchiveAction, searchArchivesAction } from "./actions";

/** What Next hands each wizard page. */
export type WizardSearchProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * The body the three wizard pages share: their data for the active connection (or how to add one),
 * the frame, and the wizard the page renders from the data, remounted whenever the link changes.
 */
export async function renderWizardPage<T extends Record<string, unknown>>(
  { searchParams }: WizardSearchProps,
  page: {
    title: string;
    description: string;
    template: T;
    decode?: (params: SearchParamsLike, template: T) => DecodedShareLink<T>;
    wizard: (data: WizardPageData<T>) => Promise<React.ReactNode>;
  },
): Promise<React.ReactNode> {
  const query = await searchParams;
  const data = await loadWizardPage(await getActiveConnection(), query, page.template, page.decode);
  if (!data) return <NoConnection canAddConnection={await currentUserHasRole("admin")} />;
  return (
    <WizardPageFrame title={page.title} description={page.description} vaultsError={data.vaultsError}>
      <Fragment key={queryString(query)}>{await page.wizard(data)}</Fragment>
    </WizardPageFrame>
  );
}

/**
 * The catalogue props of the archive and Select wizards: the linked vault's picker (searchable) and
 * the lookup of a pasted or typed archive id.
 */
export async function archiveCatalogProps(data: WizardPageData<{ vault: string; ArchiveId: string }>) {
  const catalog = await linkedArchiveCatalog(data);
  return {
    catalog: catalog && { ...catalog, search: searchArchivesAction },
    lookupArchive: lookupArchiveAction,
  };
}
