import { createSign, randomUUID } from "node:crypto";
import { isoMillis } from "../rules/dates";

export type SignatureVersion = "1" | "2";

/** Signed fields, in byte order (formats.md §3.3). Subject is signed only when present. */
const NOTIFICATION_KEYS = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"] as const;
const CONFIRMATION_KEYS = [
  "Message",
  "MessageId",
  "SubscribeURL",
  "Timestamp",
  "Token",
  "TopicArn",
  "Type",
] as const;

export type SnsMessage = Record<string, string>;

/** `key\nvalue\n` for each signed key present, in byte order. */
export function stringToSign(message: SnsMessage): string {
  const keys = message.Type === "Notification" ? NOTIFICATION_KEYS : CONFIRMATION_KEYS;
  let text = "";
  for (const key of keys) {
    const value = message[key];
    if (value !== undefined) text += `${key}\n${value}\n`;
  }
  return text;
}

/** SignatureVersion 1 is SHA1withRSA, 2 is SHA256withRSA. */
function sign(message: SnsMessage, version: SignatureVersion, keyPem: string): string {
  return createSign(version === "1" ? "RSA-SHA1" : "RSA-SHA256")
    .update(stringToSign(message), "utf8")
    .sign(keyPem, "base64");
}

export interface Signing {
  version: SignatureVersion;
  keyPem: string;
  certUrl: string;
}

/** The message with its signature fields appended (fields added after signing are not signed). */
function signed(message: SnsMessage, signing: Signing): SnsMessage {
  return {
    ...message,
    SignatureVersion: signing.version,
    Signature: sign(message, signing.version, signing.keyPem),
    SigningCertURL: signing.certUrl,
  };
}

export interface NotificationInput {
  topicArn: string;
  subject: string;
  message: string;
  unsubscribeUrl: string;
  now: Date;
}

/** An SNS HTTP Notification body (formats.md §3.2), signed. */
export function notificationEnvelope(input: NotificationInput, signing: Signing): SnsMessage {
  const message: SnsMessage = {
    Type: "Notification",
    MessageId: randomUUID(),
    TopicArn: input.topicArn,
    Subject: input.subject,
    Message: input.message,
    Timestamp: isoMillis(input.now),
  };
  return { ...signed(message, signing), UnsubscribeURL: input.unsubscribeUrl };
}

export interface ConfirmationInput {
  topicArn: string;
  token: string;
  subscribeUrl: string;
  now: Date;
}

/** A SubscriptionConfirmation body, signed. */
export function confirmationEnvelope(input: ConfirmationInput, signing: Signing): SnsMessage {
  const message: SnsMessage = {
    Type: "SubscriptionConfirmation",
    MessageId: randomUUID(),
    Token: input.token,
    TopicArn: input.topicArn,
    Message: `You have chosen to subscribe to the topic ${input.topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
    SubscribeURL: input.subscribeUrl,
    Timestamp: isoMillis(input.now),
  };
  return signed(message, signing);
}
