import { type RequestContext } from "../http/context";
import { invalidParameter, missingParameter, notFound } from "../http/errors";
import { sendEmpty, sendJson } from "../http/respond";
import { type RouteDefinition } from "../http/router";
import { jsonBody, requireVault } from "./common";

export const NOTIFICATION_EVENTS = ["ArchiveRetrievalCompleted", "InventoryRetrievalCompleted"] as const;
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

function parseConfig(body: Record<string, unknown>): { topic: string; events: string[] } {
  const { SNSTopic: topic, Events: events } = body;
  if (topic === undefined || topic === null) throw missingParameter("SNSTopic is required.");
  if (typeof topic !== "string" || !SNS_TOPIC_ARN.test(topic))
    throw invalidParameter(`Invalid SNSTopic: ${JSON.stringify(topic)}`);
  if (events === undefined || events === null) throw missingParameter("Events is required.");
  if (!Array.isArray(events) || events.length === 0)
    throw invalidParameter("Events must be a non-empty list.");
  for (const event of events) {
    if (typeof event !== "string" || !(NOTIFICATION_EVENTS as readonly string[]).includes(event)) {
      throw invalidParameter(
        `Invalid event: ${JSON.stringify(event)}. Use ${NOTIFICATION_EVENTS.join(" or ")}.`,
      );
    }
  }
  return { topic, events: [...new Set(events as string[])] };
}

function setNotifications(ctx: RequestContext): void {
  const vault = requireVault(ctx);
  const { topic, events } = parseConfig(jsonBody(ctx));
  ctx.services.store.vaults.setNotifications(vault.id, topic, events);
  sendEmpty(ctx, 204);
}

/** 404 when nothing is configured (glacier-api.md §10.16). */
function getNotifications(ctx: RequestContext): void {
  const vault = requireVault(ctx);
  if (vault.notificationTopic === null)
    throw notFound(`No notification configuration is set for vault: ${vault.name}`);
  sendJson(ctx, 200, { SNSTopic: vault.notificationTopic, Events: vault.notificationEvents ?? [] });
}

function deleteNotifications(ctx: RequestContext): void {
  ctx.services.store.vaults.clearNotifications(requireVault(ctx).id);
  sendEmpty(ctx, 204);
}

const PATH = "/vaults/:vaultName/notification-configuration";

export const notificationRoutes: RouteDefinition[] = [
  { operation: "SetVaultNotifications", method: "PUT", path: PATH, handler: setNotifications },
  { operation: "GetVaultNotifications", method: "GET", path: PATH, handler: getNotifications },
  { operation: "DeleteVaultNotifications", method: "DELETE", path: PATH, handler: deleteNotifications },
];
