import "server-only";
import { targetForConnection } from "@/lib/aws/connection-target";
import { AwsOperationError } from "@/lib/aws/errors";
import { type AccountTarget, listAllVaults } from "@/lib/aws/vaults";
import { getConfig } from "@/lib/config";
import { type AwsFailure } from "@/lib/glacier/failure";
import { type PricingTable } from "@/lib/glacier/pricing";
import { type DecodedShareLink, decodeShareParams, type SearchParamsLike } from "@/lib/glacier/share-link";
import { getConnectionContext } from "@/lib/session/active-connection";

/** What a wizard page loads before rendering its (client) wizard: all plain data, no secret. */
export type WizardPageData<T> = {
  connection: { name: string; region: string; accountId: string; endpoint: string | null };
  target: AccountTarget;
  vaults: string[];
  /** Listing the vaults failed; the wizard still works with a vault from the link. */
  vaultsError: AwsFailure | undefined;
  link: DecodedShareLink<T>;
  pricing: PricingTable;
};

/** Null when there is no connection yet (the page then shows how to add one). */
export async function loadWizardPage<T extends Record<string, unknown>>(
  searchParams: SearchParamsLike,
  template: T,
  /** A wizard whose link has members the generic codec cannot template (select's tag maps) brings its own. */
  decode: (params: SearchParamsLike, template: T) => DecodedShareLink<T> = decodeShareParams,
): Promise<WizardPageData<T> | null> {
  const { active } = await getConnectionContext();
  if (!active) return null;
  const target = await targetForConnection(active);
  let vaults: string[] = [];
  let vaultsError: AwsFailure | undefined;
  try {
    vaults = (await listAllVaults(target)).map((v) => v.name);
  } catch (error) {
    if (!(error instanceof AwsOperationError)) throw error;
    vaultsError = error.failure;
  }
  return {
    connection: {
      name: active.name,
      region: active.region,
      accountId: active.accountId,
      endpoint: active.endpoint,
    },
    target,
    vaults,
    vaultsError,
    link: decode(searchParams, template),
    pricing: getConfig().pricing,
  };
}
