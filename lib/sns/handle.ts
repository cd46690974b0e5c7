import "server-only";
import http from "node:http";
import https from "node:https";
import { recordAuditSafely } from "@/lib/audit";
import { type DbOptions } from "@/lib/db";
import { log } from "@/lib/log";
import { trustedSubscribeUrl } from "./cert-url";
import { type CertificateFetcher } from "./certificates";
import { type SnsMessage } from "./message";
import { claimMessageId, isTopicAllowed, recordSubscription, releaseMessageId } from "./store";
import { verifySnsMessage } from "./verify";

/**
 * The `/api/sns` endpoint's logic, free of Next so it is tested over real HTTP and a real database.
 * Order: parse → verify (certificate origin, time window, signature) → topic allowed → MessageId not
 * seen before → act. Refusals are 4xx with a one-line reason and never change anything.
 */

export type SnsDependencies = DbOptions & {
  fetchCertificate: CertificateFetcher;
  localCertUrl: string | undefined;
  /** Finishes a job from a Glacier completion message; returns what happened, for the log. */
  applyNotification: (description: Record<string, unknown>) => Promise<string>;
  /** GETs a SubscribeURL (tests replace it). */
  confirmSubscription?: (url: string) => Promise<void>;
  now?: number;
};

export type SnsResponse = { status: number; body: { ok: boolean; message: string } };

const refuse = (status: number, message: string): SnsResponse => ({ status, body: { ok: false, message } });
const done = (message: string): SnsResponse => ({ status: 200, body: { ok: true, message } });
const NOT_A_JOB_NOTIFICATION = "Ignored: the message is not a Glacier job notification.";

/** Subscription changes (confirmed, unsubscribed, or a failed confirmation) are audited the same way. */
function auditSubscription(
  message: SnsMessage,
  outcome: "success" | "failure",
  store: DbOptions,
): Promise<void> {
  return recordAuditSafely(
    {
      action: "sns.subscription",
      outcome,
      actor: null,
      target: message.TopicArn,
      details: { type: message.Type },
    },
    store,
  );
}

export function getUrl(url: string): Promise<void> {
  const target = new URL(url);
  const get = target.protocol === "https:" ? https.get : http.get;
  return new Promise((resolve, reject) => {
    const request = get(target, { timeout: 10_000 }, (response) => {
      response.resume();
      if (response.statusCode === 200) resolve();
      else reject(new Error(`SubscribeURL answered ${response.statusCode ?? "?"}`));
    });
    request.on("timeout", () => request.destroy(new Error("SubscribeURL timed out")));
    request.on("error", reject);
  });
}

export async function handleSnsRequest(
  bodyText: string,
  messageTypeHeader: string | null,
  deps: SnsDependencies,
): Promise<SnsResponse> {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return refuse(400, "The body is not JSON.");
  }
  const verified = await verifySnsMessage(body, {
    fetchCertificate: deps.fetchCertificate,
    localCertUrl: deps.localCertUrl,
    now: deps.now,
  });
  if (!verified.ok) {
    log().warn({ reason: verified.reason }, "SNS message refused");
    return refuse(403, "The message is not a valid signed SNS message.");
  }
  const message = verified.message;
  if (messageTypeHeader !== null && messageTypeHeader !== message.Type)
    return refuse(400, "The message type header does not match the body.");
  const store = deps.db ? { db: deps.db } : {};
  if (!(await isTopicAllowed(message.TopicArn, store))) {
    log().warn({ topicArn: message.TopicArn, type: message.Type }, "SNS message refused: topic not allowed");
    return refuse(403, "This topic is not allowed to notify Thaw.");
  }
  if (!(await claimMessageId(message, store))) return refuse(409, "This message was already received.");
  return act(message, deps, store);
}

async function act(message: SnsMessage, deps: SnsDependencies, store: DbOptions): Promise<SnsResponse> {
  if (message.Type === "Notification") {
    let description: unknown;
    try {
      description = JSON.parse(message.Message);
    } catch {
      return done(NOT_A_JOB_NOTIFICATION);
    }
    if (typeof description !== "object" || description === null || Array.isArray(description)) {
      return done(NOT_A_JOB_NOTIFICATION);
    }
    let outcome: string;
    try {
      outcome = await deps.applyNotification(description as Record<string, unknown>);
    } catch (error) {
      // Not processed: let SNS's redelivery through.
      await releaseMessageId(message.MessageId, store);
      throw error;
    }
    log().info({ topicArn: message.TopicArn, messageId: message.MessageId, outcome }, "SNS job notification");
    return done(outcome);
  }
  if (message.Type === "UnsubscribeConfirmation") {
    await recordSubscription(message.TopicArn, "unsubscribed", store);
    await auditSubscription(message, "success", store);
    return done("Unsubscribed.");
  }
  if (!trustedSubscribeUrl(message.SubscribeURL, message.TopicArn, deps.localCertUrl))
    return refuse(403, "The SubscribeURL is not an SNS endpoint.");
  try {
    await (deps.confirmSubscription ?? getUrl)(message.SubscribeURL);
  } catch (error) {
    log().warn(
      { topicArn: message.TopicArn, err: error instanceof Error ? error.message : String(error) },
      "SNS subscription confirmation failed",
    );
    await auditSubscription(message, "failure", store);
    // SNS redelivers after a 5xx; the redelivery must not be taken for a replay.
    await releaseMessageId(message.MessageId, store);
    return refuse(502, "The subscription could not be confirmed.");
  }
  await recordSubscription(message.TopicArn, "confirmed", store);
  await auditSubscription(message, "success", store);
  return done("Subscription confirmed.");
}
