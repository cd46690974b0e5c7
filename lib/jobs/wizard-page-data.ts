import "server-only";
import { targetForConnection } from "@/lib/aws/connection-target";
import { AwsOperationError } from "@/lib/aws/errors";
import { type AccountTarget, listAllVaults } from "@/lib/aws/vaults";
import { getConfig } from "@/lib/config";
import { type ConnectionSummary } from "@/lib/connections";
import { type ObservedCompletion } from "@/lib/glacier/completion-time";
import { type AwsFailure } from "@/lib/glacier/failure";
import { type PricingTable } from "@/lib/glacier/pricing";
import { type DecodedShareLink, decodeShareParams, type SearchParamsLike } from "@/lib/glacier/share-link";
import { isValidVaultName } from "@/lib/glacier/vault-name";
import { type ArchiveCatalog, latestArchiveCatalog } from "@/lib/inventory";
import { observedCompletionTimes } from "./completion-history";

/** What a wizard page loads before rendering its (client) wizard: all plain data, no secret. */
export type WizardPageData<T> = {
  connection: { name: string; region: string; accountId: string; endpoint: string | null };
  target: AccountTarget;
  vaults: string[];
  /** Listing the vaults failed; the wizard still works with a vault from the link. */
  vaultsError: AwsFailure | undefined;
  link: DecodedShareLink<T>;
  pricing: PricingTable;
  /** How long this connection's jobs have taken, per type and tier: the review's expected completion. */
  observedTimes: ObservedCompletion[];
};

/**
 * Null when there is no connection yet (the page then shows how to add one). The page passes the
 * session's active connection (lib/session): services never read the request themselves.
 */
export async function loadWizardPage<T extends Record<string, unknown>>(
  active: ConnectionSummary | undefined,
  searchParams: SearchParamsLike,
  template: T,
  /** A wizard whose link has members the generic codec cannot template (select's tag maps) brings its own. */
  decode: (params: SearchParamsLike, template: T) => DecodedShareLink<T> = decodeShareParams,
): Promise<WizardPageData<T> | null> {
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
    observedTimes: await observedCompletionTimes(active.id),
  };
}

/** The props every wizard takes from its page data (besides its submit action and extras). */
export function wizardProps<T>(data: WizardPageData<T>) {
  return {
    defaults: data.link.values,
    linkFields: data.link.fields,
    linkConnection: data.link.connection,
    connection: data.connection,
    vaults: data.vaults,
    pricing: data.pricing,
    observedTimes: data.observedTimes,
  };
}

/**
 * A lookup about the vault the page opened with (the link's). Only a convenience for the wizard: null
 * without a valid vault name or when the lookup fails, and the wizard works without it.
 */
export async function lookupLinkedVault<R>(
  data: WizardPageData<{ vault: string }>,
  lookup: (vault: string) => Promise<R>,
): Promise<R | null> {
  const { vault } = data.link.values;
  return isValidVaultName(vault) ? await lookup(vault).catch(() => null) : null;
}

/** The archive picker's catalogue: without one (or if reading it fails) pasting an ArchiveId works. */
export function linkedArchiveCatalog(
  data: WizardPageData<{ vault: string; ArchiveId: string }>,
): Promise<ArchiveCatalog | null> {
  const archiveId = data.link.values.ArchiveId.trim();
  return lookupLinkedVault(data, (vault) => latestArchiveCatalog(data.target.id, vault, archiveId));
}
