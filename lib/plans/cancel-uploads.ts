import "server-only";
import { type Kysely } from "kysely";
import { dbOf, type Database } from "@/lib/db";
import { log } from "@/lib/log";
import { connectionTarget, exportRootsOf, type TickOptions } from "./context";
import { destinationFor, type DestinationWriter } from "./destinations";
import { getPlanRow, parseDestination, type PlanRow } from "./store";

export type Upload = { objectKey: string; uploadId: string };

/**
 * The unfinished uploads (S3 multipart uploads, a directory's temporary files) of a plan's copies in
 * flight: at most the plan's copies at once plus the outputs requested again mid-copy.
 */
export async function uploadsOf(db: Kysely<Database>, planId: string): Promise<Upload[]> {
  const rows = await db
    .selectFrom("plan_items")
    .select(["object_key", "upload_id"])
    .where("plan_id", "=", planId)
    .where("status", "in", ["requested", "copying", "copied"])
    .where("upload_id", "is not", null)
    .execute();
  return rows.map((r) => ({ objectKey: r.object_key, uploadId: r.upload_id ?? "" }));
}

/** S3 accepts requests whose clock is up to 15 minutes off: an upload of the plan may look that much older. */
const CLOCK_SLACK_MS = 15 * 60_000;

/**
 * The unfinished uploads under the plan's destination that no item holds: a process that died between
 * CreateMultipartUpload and saving the upload id, or mid-manifest, left them, and S3 charges for their
 * parts until they are aborted (docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html: "you
 * must either complete or abort"). Only this plan's: the manifest's, or one of its items' keys, begun
 * after the plan was; a known one is skipped (the uploads in flight by the status index; a copy sent
 * back to pending keeps its upload, which the key lookup finds). Run by the step holding the plan (no
 * copy of it is being started meanwhile) or after a cancel. Returns how many were aborted.
 */
export async function abortStrayUploads(
  db: Kysely<Database>,
  plan: Pick<PlanRow, "id" | "created_at">,
  destination: DestinationWriter,
): Promise<number> {
  const known = new Set((await uploadsOf(db, plan.id)).map((u) => u.uploadId));
  const since = Date.parse(plan.created_at) - CLOCK_SLACK_MS;
  let aborted = 0;
  for await (const upload of destination.openUploads()) {
    if (known.has(upload.handle) || (upload.initiated && upload.initiated.getTime() < since)) continue;
    if (!upload.manifest) {
      // Not indexed by key (0010): a scan of the plan's items, for the rare upload nobody knows.
      const item = await db
        .selectFrom("plan_items")
        .select("upload_id")
        .where("plan_id", "=", plan.id)
        .where("object_key", "=", upload.key)
        .executeTakeFirst();
      if (!item || item.upload_id === upload.handle) continue;
    }
    await destination.discard(upload.key, upload.handle);
    aborted += 1;
    log().info({ planId: plan.id, key: upload.key }, "aborted an upload no item knew");
  }
  return aborted;
}

/**
 * A cancelled plan's unfinished uploads are aborted (S3 keeps charging for the parts of an upload
 * nobody completes). After the cancel committed, best effort: a destination out of reach is logged,
 * and the bucket's lifecycle rule for incomplete uploads is what remains.
 */
export async function abortUploads(
  planId: string,
  uploads: readonly Upload[],
  options: TickOptions,
): Promise<void> {
  try {
    const plan = await getPlanRow(await dbOf(options), planId);
    if (!plan) return;
    const place = parseDestination(plan.destination);
    // A directory lists no uploads: with none known, nothing is left to do (and no connection to reach).
    if (place.kind === "directory" && uploads.length === 0) return;
    const target = await (options.resolveTarget ?? connectionTarget)(plan.connection_id);
    const destination = destinationFor(place, target, exportRootsOf(options));
    for (const upload of uploads) await destination.discard(upload.objectKey, upload.uploadId);
    // And those no item knew; a copy starting as the plan was cancelled discards its own as well.
    await abortStrayUploads(await dbOf(options), plan, destination);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    log().warn({ planId, uploads: uploads.length, detail }, "cancelled plan's uploads not aborted");
  }
}
