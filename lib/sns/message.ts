import { z } from "zod";

/**
 * SNS HTTP/S message envelopes (formats.md §3.2) and the string SNS signs (§3.3): for each signed key,
 * in byte order, `key\nvalue\n`. Notification signs Message, MessageId, Subject (only when present),
 * Timestamp, TopicArn, Type; both confirmation types sign Message, MessageId, SubscribeURL, Timestamp,
 * Token, TopicArn, Type.
 */

const text = (max: number) => z.string().min(1).max(max);
const common = {
  MessageId: text(100),
  TopicArn: text(300),
  Message: z.string().max(262_144),
  Timestamp: z.iso.datetime(),
  SignatureVersion: z.enum(["1", "2"]),
  Signature: z
    .string()
    .min(1)
    .max(2048)
    .regex(/^[A-Za-z0-9+/=]+$/),
  SigningCertURL: text(2048),
};

export const notificationSchema = z.object({
  Type: z.literal("Notification"),
  ...common,
  // SNS omits Subject when none was set; some senders write null.
  Subject: z.string().max(1000).nullish(),
  UnsubscribeURL: z.string().max(2048).optional(),
});

export const confirmationSchema = z.object({
  Type: z.enum(["SubscriptionConfirmation", "UnsubscribeConfirmation"]),
  ...common,
  Token: text(2048),
  SubscribeURL: text(2048),
});

export const snsMessageSchema = z.discriminatedUnion("Type", [notificationSchema, confirmationSchema]);
export type SnsMessage = z.infer<typeof snsMessageSchema>;

/** Just the fields that are signed (what a signer has before it signs). */
export type SignedFields =
  | Pick<
      z.infer<typeof notificationSchema>,
      "Type" | "Message" | "MessageId" | "Subject" | "Timestamp" | "TopicArn"
    >
  | Pick<
      z.infer<typeof confirmationSchema>,
      "Type" | "Message" | "MessageId" | "SubscribeURL" | "Timestamp" | "Token" | "TopicArn"
    >;

export function stringToSign(message: SignedFields): string {
  const fields: Array<[string, string]> =
    message.Type === "Notification"
      ? [
          ["Message", message.Message],
          ["MessageId", message.MessageId],
          ...(typeof message.Subject === "string" ? [["Subject", message.Subject] as [string, string]] : []),
          ["Timestamp", message.Timestamp],
          ["TopicArn", message.TopicArn],
          ["Type", message.Type],
        ]
      : [
          ["Message", message.Message],
          ["MessageId", message.MessageId],
          ["SubscribeURL", message.SubscribeURL],
          ["Timestamp", message.Timestamp],
          ["Token", message.Token],
          ["TopicArn", message.TopicArn],
          ["Type", message.Type],
        ];
  return fields.map(([key, value]) => `${key}\n${value}\n`).join("");
}

export const SIGNATURE_ALGORITHMS = { "1": "RSA-SHA1", "2": "RSA-SHA256" } as const;
