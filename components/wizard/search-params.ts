import { createLoader, createSerializer, parseAsString } from "nuqs/server";

/**
 * `/jobs/new?vault=`: the job-type chooser passes a vault on to the wizard it opens. The wizards
 * themselves read their URL through the share-link codec (lib/glacier/share-link.ts), not nuqs: a link
 * names any form path (`OutputLocation.S3.AccessControlList.0.Grantee.Type`), so its keys are the
 * form's template, not a fixed set of parsers.
 */
export const newJobSearchParams = {
  vault: parseAsString,
};

export const loadNewJobSearchParams = createLoader(newJobSearchParams);
export const newJobHref = createSerializer(newJobSearchParams);
