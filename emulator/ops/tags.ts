import { type RequestContext } from "../http/context";
import { invalidParameter, limitExceeded, missingParameter } from "../http/errors";
import { sendEmpty, sendJson } from "../http/respond";
import { type RouteDefinition } from "../http/router";
import { jsonBody, requireVault } from "./common";

export const MAX_TAGS = 50;
const MAX_KEY = 128;
const MAX_VALUE = 256;

function assertTagKey(key: unknown): asserts key is string {
  if (typeof key !== "string" || key.length < 1 || key.length > MAX_KEY) {
    throw invalidParameter(`Invalid tag key ${JSON.stringify(key)}: 1 to ${MAX_KEY} characters.`);
  }
  if (key.toLowerCase().startsWith("aws:"))
    throw invalidParameter(`Invalid tag key ${key}: the aws: prefix is reserved.`);
}

function parseTags(body: Record<string, unknown>): Record<string, string> {
  const tags = body.Tags;
  if (tags === undefined || tags === null) throw missingParameter("Tags is required.");
  if (typeof tags !== "object" || Array.isArray(tags)) throw invalidParameter("Tags must be an object.");
  for (const [key, value] of Object.entries(tags)) {
    assertTagKey(key);
    if (typeof value !== "string" || value.length > MAX_VALUE) {
      throw invalidParameter(`Invalid value for tag ${key}: a string of at most ${MAX_VALUE} characters.`);
    }
  }
  return tags as Record<string, string>;
}

function parseTagKeys(body: Record<string, unknown>): string[] {
  const keys = body.TagKeys;
  if (keys === undefined || keys === null) throw missingParameter("TagKeys is required.");
  if (!Array.isArray(keys)) throw invalidParameter("TagKeys must be a list.");
  for (const key of keys) assertTagKey(key);
  return keys as string[];
}

function addTags(ctx: RequestContext): void {
  const vault = requireVault(ctx);
  if (!ctx.services.store.vaults.putTags(vault.id, parseTags(jsonBody(ctx)), MAX_TAGS)) {
    throw limitExceeded(`A vault can have at most ${MAX_TAGS} tags.`);
  }
  sendEmpty(ctx, 204);
}

function removeTags(ctx: RequestContext): void {
  const vault = requireVault(ctx);
  ctx.services.store.vaults.removeTags(vault.id, parseTagKeys(jsonBody(ctx)));
  sendEmpty(ctx, 204);
}

const PATH = "/vaults/:vaultName/tags";

export const tagRoutes: RouteDefinition[] = [
  { operation: "AddTagsToVault", method: "POST", path: PATH, query: { operation: "add" }, handler: addTags },
  {
    operation: "RemoveTagsFromVault",
    method: "POST",
    path: PATH,
    query: { operation: "remove" },
    handler: removeTags,
  },
  {
    operation: "ListTagsForVault",
    method: "GET",
    path: PATH,
    handler: (ctx) => sendJson(ctx, 200, { Tags: ctx.services.store.vaults.tags(requireVault(ctx).id) }),
  },
];
