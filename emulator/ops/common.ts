import { type RequestContext, param, vaultArn } from "../http/context";
import { notFound, vaultNotFound } from "../http/errors";
import { parseJsonObject } from "../http/request-body";
import { isoMillis } from "../rules/dates";
import { type UploadRecord } from "../store/uploads";
import { type VaultRecord } from "../store/vaults";

/** The vault named by the `vaultName` path parameter, or 404 ResourceNotFoundException. */
export function requireVault(ctx: RequestContext): VaultRecord {
  const name = param(ctx, "vaultName");
  const vault = ctx.services.store.vaults.get(name);
  if (!vault) throw vaultNotFound(vaultArn(ctx, name));
  return vault;
}

/** An in-progress multipart upload of this vault (path parameter `uploadId`), or 404. */
export function requireUpload(ctx: RequestContext, vault: VaultRecord): UploadRecord {
  const uploadId = param(ctx, "uploadId");
  const upload = ctx.services.store.uploads.get(vault.id, uploadId);
  if (!upload || upload.archiveId !== null)
    throw notFound(`Multipart upload not found for upload ID: ${uploadId}`);
  return upload;
}

/** DescribeVaultOutput; counts are the vault's inventory snapshot (README "Inventory"). */
export function describeVault(ctx: RequestContext, vault: VaultRecord) {
  return {
    CreationDate: vault.createdAt,
    LastInventoryDate: vault.inventoryDate,
    NumberOfArchives: vault.archiveCount,
    SizeInBytes: vault.sizeBytes,
    VaultARN: vaultArn(ctx, vault.name),
    VaultName: vault.name,
  };
}

export function jsonBody(ctx: RequestContext): Record<string, unknown> {
  return parseJsonObject(ctx.body);
}

export function nowIso(ctx: RequestContext): string {
  return isoMillis(ctx.services.now());
}
