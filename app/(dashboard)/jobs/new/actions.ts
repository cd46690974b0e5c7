"use server";

import { z } from "zod";
import { type ActionResult, actionFailure } from "@/lib/auth/action-result";
import { validatedAction } from "@/lib/auth/validated-action";
import { retrievedByteCount } from "@/lib/glacier/byte-range";
import { isOneOf, TIERS } from "@/lib/glacier/job-types";
import {
  archiveJobSchema,
  toInitiateJobParameters as archiveParameters,
} from "@/lib/glacier/schemas/archive-job";
import {
  inventoryJobSchema,
  toInitiateJobParameters as inventoryParameters,
} from "@/lib/glacier/schemas/inventory-job";
import { jobSubmissionSchema } from "@/lib/glacier/schemas/job-common";
import {
  type CatalogArchive,
  type CatalogArchiveFacts,
  findCatalogArchive,
  searchCatalogArchives,
} from "@/lib/inventory";
import { getConnectionContext } from "@/lib/session";
import { wizardSubmitAction } from "./wizard-action";

/** The archive and inventory wizards' server actions (see wizardSubmitAction), and the archive search. */

const inventorySubmission = jobSubmissionSchema("inventory-retrieval", inventoryJobSchema);
const archiveSubmission = jobSubmissionSchema("archive-retrieval", archiveJobSchema);

export const submitInventoryJobAction = wizardSubmitAction("submitInventoryJob", inventorySubmission, {
  parameters: inventoryParameters,
  estimate: () => ({}),
});

export const submitArchiveJobAction = wizardSubmitAction("submitArchiveJob", archiveSubmission, {
  parameters: archiveParameters,
  estimate: (job) => ({
    tier: isOneOf(TIERS, job.Tier) ? job.Tier : undefined,
    // A range prices itself; a whole archive is priced with its catalog size (submitFromWizard).
    rangeBytes: retrievedByteCount(job.RetrievalByteRange, null),
  }),
});

const archiveSearch = z.object({ inventoryId: z.string().min(1).max(100), query: z.string().max(1024) });

/** The archive picker's search in the vault's latest inventory (read only). */
export const searchArchivesAction = validatedAction(
  "searchInventoryArchives",
  { role: "viewer" },
  archiveSearch,
  async ({ inventoryId, query }): Promise<ActionResult<CatalogArchive[]>> => {
    const { active } = await getConnectionContext();
    const archives = active ? await searchCatalogArchives(active.id, inventoryId, query) : null;
    if (!archives) return actionFailure("That inventory is not available for the active connection.");
    return { ok: true, data: archives };
  },
);

const archiveLookup = z.object({ vault: z.string().min(1).max(255), archiveId: z.string().min(1).max(1024) });

/** A pasted or typed archive id looked up in the vault's catalog, as the wizard's field is filled. */
export const lookupArchiveAction = validatedAction(
  "lookupCatalogArchive",
  { role: "viewer" },
  archiveLookup,
  async ({ vault, archiveId }): Promise<ActionResult<CatalogArchiveFacts | null>> => {
    const { active } = await getConnectionContext();
    if (!active) return actionFailure("There is no connection yet.");
    return { ok: true, data: await findCatalogArchive(active.id, vault, archiveId) };
  },
);
