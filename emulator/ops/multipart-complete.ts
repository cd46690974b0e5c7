import { combineTreeHashes } from "../../lib/glacier/tree-hash";
import { type RequestContext, param, requiredHeader } from "../http/context";
import { checksumMismatch, invalidParameter, notFound } from "../http/errors";
import { type PartRecord, type UploadRecord } from "../store/uploads";
import { sendArchiveCreated, storeArchive } from "./archives";
import { nowIso, requireVault } from "./common";

/**
 * Checks that the parts tile [0, size) exactly: every part but the last is the full part size and
 * nothing is missing or extra.
 */
function checkCoverage(upload: UploadRecord, parts: readonly PartRecord[], size: number): void {
  const expected = Math.ceil(size / upload.partSize);
  for (let i = 0; i < expected; i++) {
    const start = i * upload.partSize;
    const end = Math.min(size, start + upload.partSize) - 1;
    const part = parts[i];
    if (!part || part.rangeStart !== start) throw invalidParameter(`Missing part for range ${start}-${end}.`);
    if (part.rangeEnd !== end) {
      throw invalidParameter(
        `Part ${part.rangeStart}-${part.rangeEnd} does not fit an archive of ${size} bytes (expected ${start}-${end}).`,
      );
    }
  }
  const extra = parts[expected];
  if (extra)
    throw invalidParameter(
      `Part ${extra.rangeStart}-${extra.rangeEnd} lies beyond the archive size ${size}.`,
    );
}

function parseArchiveSize(raw: string): number {
  const size = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(size) || size < 1) throw invalidParameter(`Invalid x-amz-archive-size: ${raw}`);
  return size;
}

/**
 * CompleteMultipartUpload. Part sizes are 1 MiB × 2^n, so each part's tree hash is a node of the whole
 * archive's tree and the archive hash is their combination (glacier-api.md §7.1). The parts are then
 * streamed into one archive file.
 */
export async function completeMultipartUpload(ctx: RequestContext): Promise<void> {
  const vault = requireVault(ctx);
  const uploadId = param(ctx, "uploadId");
  const { store, storage } = ctx.services;
  const upload = store.uploads.get(vault.id, uploadId);
  if (!upload) throw notFound(`Multipart upload not found for upload ID: ${uploadId}`);
  const size = parseArchiveSize(requiredHeader(ctx, "x-amz-archive-size"));
  const claimed = requiredHeader(ctx, "x-amz-sha256-tree-hash").toLowerCase();

  // A repeated call after success returns the same archive (the model: idempotent for a while).
  if (upload.archiveId !== null) {
    const archive = store.archives.get(vault.id, upload.archiveId);
    if (!archive || archive.size !== size || archive.treeHash !== claimed) {
      throw notFound(`Multipart upload not found for upload ID: ${uploadId}`);
    }
    sendArchiveCreated(ctx, vault, archive.id, archive.treeHash);
    return;
  }

  const parts = store.uploads.parts(upload.id);
  checkCoverage(upload, parts, size);
  const computed = combineTreeHashes(parts.map((p) => Buffer.from(p.treeHash, "hex"))).toString("hex");
  if (computed !== claimed) throw checksumMismatch(claimed, computed);

  const tempPath = await storage.assembleParts(
    upload.id,
    parts.map((p) => p.rangeStart),
  );
  const archiveId = await storeArchive(ctx, vault, tempPath, {
    description: upload.description ?? "",
    size,
    treeHash: computed,
  });
  store.uploads.complete(upload.id, archiveId, nowIso(ctx));
  await storage.removeUploadParts(upload.id);
  sendArchiveCreated(ctx, vault, archiveId, computed);
}
