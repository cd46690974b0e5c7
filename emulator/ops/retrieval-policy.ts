import { type RequestContext } from "../http/context";
import { invalidParameter, missingParameter } from "../http/errors";
import { sendEmpty, sendJson } from "../http/respond";
import { type RouteDefinition } from "../http/router";
import { type Store } from "../store/store";
import { jsonBody } from "./common";

export type RetrievalStrategy = "None" | "FreeTier" | "BytesPerHour";

export interface RetrievalRule {
  Strategy: RetrievalStrategy;
  /** Present only with the BytesPerHour strategy (glacier-api.md §2.4). */
  BytesPerHour?: number;
}

export interface RetrievalPolicy {
  Rules: RetrievalRule[];
}

const SETTING = "data-retrieval-policy";
const STRATEGIES: readonly RetrievalStrategy[] = ["None", "FreeTier", "BytesPerHour"];
/** The account default: "No Retrieval Limit" (§8.3). */
export const DEFAULT_POLICY: RetrievalPolicy = { Rules: [{ Strategy: "None" }] };

/** The current policy; the jobs module enforces it on Standard retrievals. */
export function getRetrievalPolicy(store: Store): RetrievalPolicy {
  const stored = store.account.getSetting(SETTING);
  return stored === undefined ? DEFAULT_POLICY : (JSON.parse(stored) as RetrievalPolicy);
}

function parseRule(value: unknown): RetrievalRule {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw invalidParameter("Each rule must be an object.");
  const { Strategy: strategy, BytesPerHour: bytes } = value as Record<string, unknown>;
  if (strategy === undefined) throw missingParameter("Rule Strategy is required.");
  if (typeof strategy !== "string" || !STRATEGIES.includes(strategy as RetrievalStrategy)) {
    throw invalidParameter(
      `Invalid Strategy: ${JSON.stringify(strategy)}. Use one of ${STRATEGIES.join(", ")}.`,
    );
  }
  if (strategy !== "BytesPerHour") {
    if (bytes !== undefined && bytes !== null)
      throw invalidParameter(`BytesPerHour is only allowed with the BytesPerHour strategy.`);
    return { Strategy: strategy as RetrievalStrategy };
  }
  if (bytes === undefined || bytes === null)
    throw missingParameter("BytesPerHour is required with the BytesPerHour strategy.");
  if (typeof bytes !== "number" || !Number.isInteger(bytes) || bytes < 1 || bytes > 2 ** 63) {
    throw invalidParameter(
      `Invalid BytesPerHour: ${JSON.stringify(bytes)}. It must be an integer from 1 to 2^63-1.`,
    );
  }
  return { Strategy: "BytesPerHour", BytesPerHour: bytes };
}

/** Exactly one rule; BytesPerHour if and only if that strategy is chosen. */
export function parseRetrievalPolicy(body: Record<string, unknown>): RetrievalPolicy {
  const policy = body.Policy;
  if (policy === undefined || policy === null) throw missingParameter("Policy is required.");
  if (typeof policy !== "object" || Array.isArray(policy))
    throw invalidParameter("Policy must be an object.");
  const rules = (policy as Record<string, unknown>).Rules;
  if (!Array.isArray(rules) || rules.length !== 1)
    throw invalidParameter("Policy must contain exactly one rule.");
  return { Rules: [parseRule(rules[0])] };
}

function setPolicy(ctx: RequestContext): void {
  const policy = parseRetrievalPolicy(jsonBody(ctx));
  ctx.services.store.account.setSetting(SETTING, JSON.stringify(policy));
  sendEmpty(ctx, 204);
}

export const retrievalPolicyRoutes: RouteDefinition[] = [
  {
    operation: "GetDataRetrievalPolicy",
    method: "GET",
    path: "/policies/data-retrieval",
    handler: (ctx) => sendJson(ctx, 200, { Policy: getRetrievalPolicy(ctx.services.store) }),
  },
  {
    operation: "SetDataRetrievalPolicy",
    method: "PUT",
    path: "/policies/data-retrieval",
    handler: setPolicy,
  },
];
