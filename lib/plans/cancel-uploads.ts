import "server-only";
import { type Kysely } from "kysely";
import { dbOf, type Database } from "@/lib/db";
import { log } from "@/lib/log";
import { connectionTarget, exportRootsOf, type TickOptions } from "./context";
import { destinationFor } from "./destinations";
import { getPlanRow, parseDestination } from "./store";

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
  if (uploads.length === 0) return;
  try {
    const plan = await getPlanRow(await dbOf(options), planId);
    if (!plan) return;
    const target = await (options.resolveTarget ?? connectionTarget)(plan.connection_id);
    const destination = destinationFor(parseDestination(plan.destination), target, exportRootsOf(options));
    for (const upload of uploads) await destination.discard(upload.objectKey, upload.uploadId);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    log().warn({ planId, uploads: uploads.length, detail }, "cancelled plan's uploads not aborted");
  }
}
