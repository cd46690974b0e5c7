import { type ActionResult } from "@/lib/auth/action-result";
import { type CommandTarget } from "@/lib/glacier/job-commands";
import { type PricingTable } from "@/lib/glacier/pricing";
import { type ObservedCompletion } from "@/lib/glacier/completion-time";

/** What every job wizard gets from its page: plain data, no secrets. */
export type WizardConnection = { name: string; region: string; accountId: string; endpoint: string | null };

export type WizardPageProps<TValues> = {
  /** The empty form with a shared link's values applied. */
  defaults: TValues;
  /** Form paths the link set (empty without a link). */
  linkFields: string[];
  /** The connection the link was made with, if it named one. */
  linkConnection: string | undefined;
  connection: WizardConnection;
  vaults: string[];
  pricing: PricingTable;
  /** How long this connection's jobs have taken, per type and tier (empty without history). */
  observedTimes: ObservedCompletion[];
  /** The wizard's server action (passed in: components never import app/). */
  submit: (input: unknown) => Promise<ActionResult<unknown>>;
};

export function commandTarget(connection: WizardConnection, vaultName: string): CommandTarget {
  return {
    vaultName,
    accountId: connection.accountId,
    region: connection.region,
    endpoint: connection.endpoint,
  };
}

/** An archive of the vault's latest catalogued inventory, as the archive picker lists it. */
export type ArchiveOption = {
  archiveId: string;
  description: string;
  path: string | null;
  size: number;
  creationDate: string;
};

/** An archive as the catalog knows it, with the vault and the inventory that list it. */
export type ArchiveFacts = ArchiveOption & { vaultName: string; inventoryDate: string | null };

/** Server action: `{ vault, archiveId }` → the archive in the vault's catalog, or null. */
export type LookupArchive = (input: unknown) => Promise<ActionResult<ArchiveFacts | null>>;

export type ArchiveCatalogProps = {
  inventoryId: string;
  vaultName: string;
  inventoryDate: string | null;
  archiveCount: number;
  /** What a partial inventory covers; null (or absent) for the whole vault. */
  partial?: string | null;
  initial: ArchiveOption[];
  linked: ArchiveFacts | null;
  /** Server action: `{ inventoryId, query }` → matching archives. */
  search: (input: unknown) => Promise<ActionResult<ArchiveOption[]>>;
};
