import { type RequestContext, header, param, vaultArn, vaultPath } from "../http/context";
import { notFound, vaultNotFound } from "../http/errors";
import { receiveVerifiedUpload, requireContentLength, requireUploadHashes } from "../http/receive-upload";
import { sendEmpty } from "../http/respond";
import { type RouteDefinition } from "../http/router";
import { newArchiveId } from "../rules/ids";
import { assertDescription } from "../rules/names";
import { type NewArchive, VaultGoneError } from "../store/archives";
import { type VaultRecord } from "../store/vaults";
import { nowIso, requireVault } from "./common";

/** Single-request uploads are limited to 4 GiB; larger archives use multipart upload. */
export const MAX_SINGLE_UPLOAD = 4 * 1024 ** 3;

export function archiveDescription(ctx: RequestContext): string {
  const description = header(ctx, "x-amz-archive-description") ?? "";
  assertDescription(description);
  return description;
}

/**
 * Moves a verified temp file into place and records the archive (refreshing the vault snapshot).
 * Shared by UploadArchive and CompleteMultipartUpload; answers 201 like both operations.
 */
export async function storeArchive(
  ctx: RequestContext,
  vault: VaultRecord,
  tempPath: string,
  archive: Pick<NewArchive, "description" | "size" | "treeHash">,
): Promise<string> {
  const { storage, store } = ctx.services;
  const id = newArchiveId();
  const createdAt = nowIso(ctx);
  try {
    await storage.commitArchive(tempPath, id);
    store.archives.insert(
      [{ ...archive, id, vaultId: vault.id, createdAt, storage: "file", syntheticSeed: null }],
      createdAt,
    );
  } catch (err) {
    await Promise.all([storage.discard(tempPath), storage.removeArchiveFile(id)]);
    if (err instanceof VaultGoneError) throw vaultNotFound(vaultArn(ctx, vault.name));
    throw err;
  }
  return id;
}

export function sendArchiveCreated(
  ctx: RequestContext,
  vault: VaultRecord,
  archiveId: string,
  treeHash: string,
): void {
  sendEmpty(ctx, 201, {
    Location: `${vaultPath(ctx, vault.name)}/archives/${archiveId}`,
    "x-amz-archive-id": archiveId,
    "x-amz-sha256-tree-hash": treeHash,
  });
}

async function uploadArchive(ctx: RequestContext): Promise<void> {
  const vault = requireVault(ctx);
  const description = archiveDescription(ctx);
  const length = requireContentLength(ctx, MAX_SINGLE_UPLOAD);
  const hashes = requireUploadHashes(ctx);
  const received = await receiveVerifiedUpload(ctx, length, hashes);
  const id = await storeArchive(ctx, vault, received.tempPath, {
    description,
    size: length,
    treeHash: received.treeHash,
  });
  sendArchiveCreated(ctx, vault, id, received.treeHash);
}

/**
 * Deleting an already-deleted archive succeeds (idempotent); an id the vault never held is 404.
 * The bytes stay until the vault is deleted, so already prepared job output remains downloadable.
 */
function deleteArchive(ctx: RequestContext): void {
  const vault = requireVault(ctx);
  const archiveId = param(ctx, "archiveId");
  const { archives } = ctx.services.store;
  if (!archives.get(vault.id, archiveId)) throw notFound(`Archive not found for ArchiveId: ${archiveId}`);
  archives.markDeleted(vault.id, archiveId, nowIso(ctx));
  sendEmpty(ctx, 204);
}

export const archiveRoutes: RouteDefinition[] = [
  {
    operation: "UploadArchive",
    method: "POST",
    path: "/vaults/:vaultName/archives",
    body: "stream",
    handler: uploadArchive,
  },
  {
    operation: "DeleteArchive",
    method: "DELETE",
    path: "/vaults/:vaultName/archives/:archiveId",
    handler: deleteArchive,
  },
];
