import "server-only";
import { type AuditActor, recordAudit } from "@/lib/audit";
import { deleteArchive } from "@/lib/aws/archives";
import { AwsOperationError } from "@/lib/aws/errors";
import { mapBounded } from "@/lib/aws/jobs";
import { type AccountTarget } from "@/lib/aws/vaults";
import { dbOf } from "@/lib/db";
import { formatBytes } from "@/lib/glacier/format";
import { PlanStateError } from "./errors";
import { getPlanRowOrThrow, itemsIn, PERSON, type PlanOptions, updateItem } from "./store";

export type DeleteOptions = PlanOptions & { actor?: AuditActor; concurrency?: number };

/**
 * Deletes the plan's verified archives from the vault: only when the confirmation names exactly the
 * current count and bytes of verified items (what the person saw is what gets deleted). Each
 * DeleteArchive is audited; a deleted item is `deleted`, a refused one stays `verified`.
 */
export async function deleteVerifiedArchives(
  planId: string,
  confirmation: { count: number; bytes: number },
  target: AccountTarget,
  options: DeleteOptions = {},
): Promise<{ deleted: number; failed: number }> {
  const db = await dbOf(options);
  const plan = await getPlanRowOrThrow(db, planId);
  if (plan.connection_id !== target.id) throw new PlanStateError("The plan belongs to another connection.");
  const verified = await itemsIn(db, planId, ["verified"]).execute();
  const bytes = verified.reduce((sum, i) => sum + Number(i.size), 0);
  if (confirmation.count !== verified.length || confirmation.bytes !== bytes)
    throw new PlanStateError(
      `The confirmation does not match: ${verified.length} verified archives (${formatBytes(bytes)}) are ready to delete now.`,
    );
  const outcomes = await mapBounded(verified, options.concurrency ?? 4, async (item) => {
    let failure: string | null = null;
    try {
      await deleteArchive(target, plan.vault_name, item.archive_id);
      await updateItem(db, item, { status: "deleted" }, ["verified"], PERSON);
    } catch (error) {
      if (!(error instanceof AwsOperationError)) throw error;
      failure = error.failure.code;
    }
    await recordAudit(
      {
        action: "archive.delete",
        outcome: failure ? "failure" : "success",
        actor: options.actor ?? null,
        connectionId: target.id,
        target: item.archive_id,
        details: {
          planId,
          vault: plan.vault_name,
          objectKey: item.object_key,
          size: Number(item.size),
          code: failure,
        },
      },
      { db },
    );
    return failure === null;
  });
  const deleted = outcomes.filter(Boolean).length;
  return { deleted, failed: outcomes.length - deleted };
}
