"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { type ActionResult, actionFailure } from "@/lib/auth/action-result";
import { validatedAction } from "@/lib/auth/validated-action";
import { byteRangeLength, parseByteRange } from "@/lib/glacier/byte-range";
import { type Tier, isOneOf, TIERS } from "@/lib/glacier/job-types";
import {
  archiveJobSchema,
  toInitiateJobParameters as archiveParameters,
} from "@/lib/glacier/schemas/archive-job";
import {
  inventoryJobSchema,
  toInitiateJobParameters as inventoryParameters,
} from "@/lib/glacier/schemas/inventory-job";
import { jobSubmissionSchema } from "@/lib/glacier/schemas/job-common";
import { type CatalogArchive, searchCatalogArchives } from "@/lib/inventory";
import { submitFromWizard } from "@/lib/jobs";
import { getActiveConnection, getConnectionContext } from "@/lib/session";

/**
 * The wizards' server actions. Each parses its input again with the wizard's own schema (the client
 * is never trusted), then submits through the idempotent service and redirects to the job's page.
 */

// Starting a job costs money: operators and admins only.
const OPERATOR = { role: "operator" } as const;

const inventorySubmission = jobSubmissionSchema("inventory-retrieval", inventoryJobSchema);
const archiveSubmission = jobSubmissionSchema("archive-retrieval", archiveJobSchema);

export const submitInventoryJobAction = validatedAction(
  "submitInventoryJob",
  OPERATOR,
  inventorySubmission,
  async ({ idempotencyKey, job }, { user }) => {
    const result = await submitFromWizard(await getActiveConnection(), {
      idempotencyKey,
      vaultName: job.vault,
      parameters: inventoryParameters(job),
      estimate: {},
      submittedBy: user.email,
    });
    if ("redirectTo" in result) redirect(result.redirectTo);
    return result;
  },
);

function rangeBytes(text: string): number | null {
  const parsed = text ? parseByteRange(text) : undefined;
  return parsed?.ok ? byteRangeLength(parsed.range) : null;
}

export const submitArchiveJobAction = validatedAction(
  "submitArchiveJob",
  OPERATOR,
  archiveSubmission,
  async ({ idempotencyKey, job }, { user }) => {
    const tier: Tier | undefined = isOneOf(TIERS, job.Tier) ? job.Tier : undefined;
    const result = await submitFromWizard(await getActiveConnection(), {
      idempotencyKey,
      vaultName: job.vault,
      parameters: archiveParameters(job),
      estimate: { tier, retrievedBytes: rangeBytes(job.RetrievalByteRange) },
      submittedBy: user.email,
    });
    if ("redirectTo" in result) redirect(result.redirectTo);
    return result;
  },
);

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
