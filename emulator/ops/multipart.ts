import { stripLeadingSpaces } from "../../lib/glacier/description";
import { type RequestContext, requiredHeader, vaultArn, vaultPath } from "../http/context";
import { invalidParameter, notFound } from "../http/errors";
import { receiveVerifiedUpload, requireContentLength, requireUploadHashes } from "../http/receive-upload";
import { sendEmpty, sendJson } from "../http/respond";
import { type RouteDefinition } from "../http/router";
import { newUploadId } from "../rules/ids";
import { parseLimit, splitPage } from "../rules/paging";
import { type UploadRecord } from "../store/uploads";
import { type VaultRecord } from "../store/vaults";
import { archiveDescription } from "./archives";
import { nowIso, requireUpload, requireVault } from "./common";
import { completeMultipartUpload } from "./multipart-complete";

const MIB = 1024 * 1024;
/** Part sizes are 1 MiB × 2^n up to 4 GiB; at most 10 000 parts (glacier-api.md §2.2). */
const MAX_PART_SIZE = 4096 * MIB;
export const MAX_PARTS = 10_000;
const PAGE_DEFAULT = 50;
const PAGE_MAX = 1000;

function parsePartSize(raw: string): number {
  const size = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  const mibs = size / MIB;
  if (!Number.isInteger(mibs) || mibs < 1 || size > MAX_PART_SIZE || (mibs & (mibs - 1)) !== 0) {
    throw invalidParameter(
      `Invalid part size: ${raw}. Part size must be a megabyte (1024 KB) multiplied by a power of 2, from 1 MB to 4 GB.`,
    );
  }
  return size;
}

function initiate(ctx: RequestContext): void {
  const vault = requireVault(ctx);
  const partSize = parsePartSize(requiredHeader(ctx, "x-amz-part-size"));
  // Glacier strips leading spaces here (§2.2); Node already trims header whitespace, this keeps the rule explicit.
  const description = stripLeadingSpaces(archiveDescription(ctx));
  const id = newUploadId();
  ctx.services.store.uploads.create({ id, vaultId: vault.id, description, partSize, createdAt: nowIso(ctx) });
  sendEmpty(ctx, 201, {
    Location: `${vaultPath(ctx, vault.name)}/multipart-uploads/${id}`,
    "x-amz-multipart-upload-id": id,
  });
}

function parseContentRange(raw: string, partSize: number): { start: number; end: number } {
  const m = /^bytes (\d+)-(\d+)\/\*$/.exec(raw.trim());
  const start = Number(m?.[1]);
  const end = Number(m?.[2]);
  if (!m || !Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end < start) {
    throw invalidParameter(`Invalid Content-Range: '${raw}'. Expected 'bytes <first>-<last>/*'.`);
  }
  if (start % partSize !== 0) {
    throw invalidParameter(`Content-Range ${start}-${end} is not aligned to the part size ${partSize}.`);
  }
  if (end - start + 1 > partSize) {
    throw invalidParameter(`Content-Range ${start}-${end} is larger than the part size ${partSize}.`);
  }
  if (start / partSize >= MAX_PARTS)
    throw invalidParameter(`Content-Range ${start}-${end} exceeds ${MAX_PARTS} parts.`);
  return { start, end };
}

async function uploadPart(ctx: RequestContext): Promise<void> {
  const vault = requireVault(ctx);
  const upload = requireUpload(ctx, vault);
  const { start, end } = parseContentRange(requiredHeader(ctx, "Content-Range"), upload.partSize);
  const length = requireContentLength(ctx, upload.partSize);
  if (length !== end - start + 1) {
    throw invalidParameter(`Content-Length ${length} does not match Content-Range ${start}-${end}.`);
  }
  const received = await receiveVerifiedUpload(ctx, length, requireUploadHashes(ctx));
  const { storage, store } = ctx.services;
  try {
    await storage.commitPart(received.tempPath, upload.id, start);
  } catch (err) {
    await storage.discard(received.tempPath);
    throw err;
  }
  // The upload may have been aborted or completed while the part streamed in.
  if (store.uploads.get(vault.id, upload.id)?.archiveId !== null) {
    await storage.removeUploadParts(upload.id);
    throw notFound(`Multipart upload not found for upload ID: ${upload.id}`);
  }
  store.uploads.putPart({
    uploadId: upload.id,
    rangeStart: start,
    rangeEnd: end,
    treeHash: received.treeHash,
  });
  sendEmpty(ctx, 204, { "x-amz-sha256-tree-hash": received.treeHash });
}

async function abort(ctx: RequestContext): Promise<void> {
  const vault = requireVault(ctx);
  const upload = requireUpload(ctx, vault);
  ctx.services.store.uploads.delete(upload.id);
  await ctx.services.storage.removeUploadParts(upload.id);
  sendEmpty(ctx, 204);
}

function uploadDescription(ctx: RequestContext, vault: VaultRecord, upload: UploadRecord) {
  return {
    ArchiveDescription: upload.description,
    CreationDate: upload.createdAt,
    MultipartUploadId: upload.id,
    PartSizeInBytes: upload.partSize,
    VaultARN: vaultArn(ctx, vault.name),
  };
}

/** Markers are the offset of the part the next page starts at ("at which the listing should begin"). */
function listParts(ctx: RequestContext): void {
  const vault = requireVault(ctx);
  const upload = requireUpload(ctx, vault);
  const limit = parseLimit(ctx.query.get("limit"), PAGE_DEFAULT, PAGE_MAX);
  const marker = ctx.query.get("marker");
  if (marker !== null && marker !== "" && !/^\d+$/.test(marker))
    throw invalidParameter(`Invalid marker: ${marker}`);
  const parts = ctx.services.store.uploads.parts(upload.id, Number(marker ?? 0), limit + 1);
  const { page, next } = splitPage(parts, limit);
  sendJson(ctx, 200, {
    ...uploadDescription(ctx, vault, upload),
    Marker: next ? String(next.rangeStart) : null,
    Parts: page.map((p) => ({ RangeInBytes: `${p.rangeStart}-${p.rangeEnd}`, SHA256TreeHash: p.treeHash })),
  });
}

/** Markers are the id of the upload the next page starts at. */
function listUploads(ctx: RequestContext): void {
  const vault = requireVault(ctx);
  const limit = parseLimit(ctx.query.get("limit"), PAGE_DEFAULT, PAGE_MAX);
  const marker = ctx.query.get("marker") || undefined;
  const { uploads } = ctx.services.store;
  if (marker !== undefined && uploads.get(vault.id, marker)?.archiveId !== null) {
    throw invalidParameter(`Invalid marker: ${marker}`);
  }
  const { page, next } = splitPage(uploads.listInProgress(vault.id, marker, limit + 1), limit);
  sendJson(ctx, 200, {
    Marker: next ? next.id : null,
    UploadsList: page.map((upload) => uploadDescription(ctx, vault, upload)),
  });
}

const UPLOADS = "/vaults/:vaultName/multipart-uploads";
const UPLOAD = `${UPLOADS}/:uploadId`;

export const multipartRoutes: RouteDefinition[] = [
  { operation: "InitiateMultipartUpload", method: "POST", path: UPLOADS, handler: initiate },
  { operation: "ListMultipartUploads", method: "GET", path: UPLOADS, handler: listUploads },
  { operation: "UploadMultipartPart", method: "PUT", path: UPLOAD, body: "stream", handler: uploadPart },
  { operation: "CompleteMultipartUpload", method: "POST", path: UPLOAD, handler: completeMultipartUpload },
  { operation: "AbortMultipartUpload", method: "DELETE", path: UPLOAD, handler: abort },
  { operation: "ListParts", method: "GET", path: UPLOAD, handler: listParts },
];
