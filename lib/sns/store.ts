import "server-only";
import { z } from "zod";
import { getConfig } from "@/lib/config";
import { dbOf, type DbOptions } from "@/lib/db";
import { isValidSnsTopicArn } from "@/lib/glacier/sns";

/** The SNS state Thaw keeps: allowed topics (settings), accepted MessageIds (replay), subscriptions. */

const TOPICS_KEY = "sns.allowedTopicArns";
const topicListSchema = z.array(z.string().refine(isValidSnsTopicArn)).max(100);

/** Topics saved on the settings page (THAW_SNS_TOPIC_ARNS are allowed in addition, not listed here). */
export async function savedTopicArns(options: DbOptions = {}): Promise<string[]> {
  const db = await dbOf(options);
  const row = await db
    .selectFrom("settings")
    .select("value")
    .where("key", "=", TOPICS_KEY)
    .executeTakeFirst();
  if (!row) return [];
  try {
    const parsed = topicListSchema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

export async function saveTopicArns(arns: string[], options: DbOptions = {}): Promise<void> {
  const db = await dbOf(options);
  const value = JSON.stringify(topicListSchema.parse([...new Set(arns)]));
  const updated_at = new Date().toISOString();
  await db
    .insertInto("settings")
    .values({ key: TOPICS_KEY, value, updated_at })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at }))
    .execute();
}

export async function isTopicAllowed(topicArn: string, options: DbOptions = {}): Promise<boolean> {
  if (getConfig().sns.topicArns.includes(topicArn)) return true;
  return (await savedTopicArns(options)).includes(topicArn);
}

// Older than the verifier's time window, a replay is refused by its Timestamp anyway.
const KEEP_MS = 2 * 60 * 60_000;

/** Claims a MessageId; false when it was seen before (a replay, or SNS redelivering one we handled). */
export async function claimMessageId(
  message: { MessageId: string; TopicArn: string; Type: string },
  options: DbOptions = {},
): Promise<boolean> {
  const db = await dbOf(options);
  const now = Date.now();
  const result = await db
    .insertInto("sns_messages")
    .values({
      message_id: message.MessageId,
      topic_arn: message.TopicArn,
      type: message.Type,
      received_at: new Date(now).toISOString(),
    })
    .onConflict((oc) => oc.column("message_id").doNothing())
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return false;
  await db
    .deleteFrom("sns_messages")
    .where("received_at", "<", new Date(now - KEEP_MS).toISOString())
    .execute();
  return true;
}

/** Forgets a claimed MessageId so SNS's redelivery is handled (after a failure worth retrying). */
export async function releaseMessageId(messageId: string, options: DbOptions = {}): Promise<void> {
  const db = await dbOf(options);
  await db.deleteFrom("sns_messages").where("message_id", "=", messageId).execute();
}

export async function recordSubscription(
  topicArn: string,
  status: "confirmed" | "unsubscribed",
  options: DbOptions = {},
): Promise<void> {
  const db = await dbOf(options);
  const updated_at = new Date().toISOString();
  await db
    .insertInto("sns_subscriptions")
    .values({ topic_arn: topicArn, status, updated_at })
    .onConflict((oc) => oc.column("topic_arn").doUpdateSet({ status, updated_at }))
    .execute();
}

export async function listSubscriptions(
  options: DbOptions = {},
): Promise<Array<{ topicArn: string; status: string; updatedAt: string }>> {
  const db = await dbOf(options);
  const rows = await db.selectFrom("sns_subscriptions").selectAll().orderBy("topic_arn").execute();
  return rows.map((r) => ({ topicArn: r.topic_arn, status: r.status, updatedAt: r.updated_at }));
}
