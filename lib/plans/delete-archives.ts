import "server-only";
import { type AuditActor, recordAudit } from "@/lib/audit";
import { deleteArchive } from "@/lib/aws/archives";
import { AwsOperationError } from "@/lib/aws/errors";
import { mapBounded } from "@/lib/aws/jobs";
import { type AccountTarget } from "@/lib/aws/vaults";
import { dbOf } from "@/lib/db";
import { formatBytes } from "@/lib/glacier/format";
import { PlanStateError } from "./errors";
import {
  countersOf,
  getPlanRowOrThrow,
  itemsIn,
  PERSON,
  type PlanItemRow,
  type PlanOptions,
  updateItem,
} from "./store";

const DELETE_PAGE = 1000;

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
  // The plan row's counters: what the page showed, without reading millions of items.
  const { counts, bytes: bytesOf } = countersOf(plan);
  const count = counts.verified;
  const bytes = bytesOf.verified;
  if (confirmation.count !== count || confirmation.bytes !== bytes)
    throw new PlanStateError(
      `The confirmation does not match: ${count} verified archives (${formatBytes(bytes)}) are ready to delete now.`,
    );
  let deleted = 0;
  let failed = 0;
  // A page of verified items at a time (keyset on seq): memory stays flat for any plan. No more
  // than the confirmed count: an item verified meanwhile (a paused plan's copy) waits for the next.
  for (let after = 0; deleted + failed < count;) {
    const page = await itemsIn(db, planId, ["verified"])
      .where("seq", ">", after)
      .limit(Math.min(DELETE_PAGE, count - deleted - failed))
      .execute();
    if (page.length === 0) break;
    after = page[page.length - 1]?.seq ?? after;
    for (const ok of await mapBounded(page, options.concurrency ?? 4, deleteOne)) {
      if (ok) deleted++;
      else failed++;
    }
  }
  return { deleted, failed };

  async function deleteOne(item: PlanItemRow): Promise<boolean> {
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
  }
}
