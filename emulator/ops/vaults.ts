import { type RequestContext, param, vaultArn, vaultPath } from "../http/context";
import { invalidParameter, limitExceeded } from "../http/errors";
import { sendEmpty, sendJson } from "../http/respond";
import { type RouteDefinition } from "../http/router";
import { assertVaultName } from "../rules/names";
import { parseLimit, splitPage } from "../rules/paging";
import { describeVault, nowIso, requireVault } from "./common";

export const MAX_VAULTS = 1000;
const LIST_LIMIT = 10;

/**
 * ListVaults markers are vault ARNs; the listing continues *after* the named vault (the [D] "after
 * which" wording). We hand out the ARN of the last vault returned, so both readings stay consistent.
 */
function vaultNameFromMarker(marker: string | null): string | undefined {
  if (marker === null || marker === "") return undefined;
  const match = /^arn:aws[a-z-]*:glacier:[^:]*:[^:]*:vaults\/(.+)$/.exec(marker);
  if (!match?.[1]) throw invalidParameter(`Invalid marker: ${marker}`);
  return match[1];
}

function listVaults(ctx: RequestContext): void {
  const limit = parseLimit(ctx.query.get("limit"), LIST_LIMIT, LIST_LIMIT);
  const after = vaultNameFromMarker(ctx.query.get("marker"));
  const { page, next } = splitPage(ctx.services.store.vaults.list(after, limit + 1), limit);
  const last = page.at(-1);
  sendJson(ctx, 200, {
    Marker: next && last ? vaultArn(ctx, last.name) : null,
    VaultList: page.map((vault) => describeVault(ctx, vault)),
  });
}

function createVault(ctx: RequestContext): void {
  const name = param(ctx, "vaultName");
  assertVaultName(name);
  const { vaults } = ctx.services.store;
  // Creating an existing vault succeeds (idempotent) and does not count against the limit.
  if (!vaults.get(name) && vaults.count() >= MAX_VAULTS) {
    throw limitExceeded(`The maximum number of vaults (${MAX_VAULTS}) has been reached for this account.`);
  }
  vaults.create(name, nowIso(ctx));
  sendEmpty(ctx, 201, { Location: vaultPath(ctx, name) });
}

async function deleteVault(ctx: RequestContext): Promise<void> {
  const vault = requireVault(ctx);
  const { store, storage } = ctx.services;
  if (vault.archiveCount > 0) {
    // glacier-api.md §12: the message real clients report.
    throw invalidParameter(`Vault not empty or recently written to: ${vaultArn(ctx, vault.name)}`);
  }
  const files = store.archives.fileIds(vault.id);
  const uploads = store.uploads.idsForVault(vault.id);
  store.vaults.delete(vault.id);
  await Promise.all([
    ...files.map((id) => storage.removeArchiveFile(id)),
    ...uploads.map((id) => storage.removeUploadParts(id)),
  ]);
  sendEmpty(ctx, 204);
}

export const vaultRoutes: RouteDefinition[] = [
  { operation: "ListVaults", method: "GET", path: "/vaults", handler: listVaults },
  { operation: "CreateVault", method: "PUT", path: "/vaults/:vaultName", handler: createVault },
  {
    operation: "DescribeVault",
    method: "GET",
    path: "/vaults/:vaultName",
    handler: (ctx) => sendJson(ctx, 200, describeVault(ctx, requireVault(ctx))),
  },
  { operation: "DeleteVault", method: "DELETE", path: "/vaults/:vaultName", handler: deleteVault },
];
