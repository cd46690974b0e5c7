import { randomBytes, randomUUID } from "node:crypto";
import { type Db } from "../store/database";

export interface Subscription {
  arn: string;
  topicArn: string;
  endpoint: string;
  token: string;
  confirmedAt: string | null;
  unsubscribedAt: string | null;
}

const COLUMNS =
  "arn, topic_arn AS topicArn, endpoint, token, confirmed_at AS confirmedAt, unsubscribed_at AS unsubscribedAt";

export class SubscriptionRepository {
  constructor(private readonly db: Db) {}

  find(topicArn: string, endpoint: string): Subscription | undefined {
    return this.db
      .prepare(`SELECT ${COLUMNS} FROM sns_subscriptions WHERE topic_arn = ? AND endpoint = ?`)
      .get(topicArn, endpoint) as Subscription | undefined;
  }

  /** Creates the subscription unless it exists; `created` tells whether a confirmation is due. */
  ensure(topicArn: string, endpoint: string, now: string): { subscription: Subscription; created: boolean } {
    const existing = this.find(topicArn, endpoint);
    if (existing) return { subscription: existing, created: false };
    const subscription: Subscription = {
      arn: `${topicArn}:${randomUUID()}`,
      topicArn,
      endpoint,
      // SNS tokens are long opaque hex strings.
      token: randomBytes(64).toString("hex"),
      confirmedAt: null,
      unsubscribedAt: null,
    };
    this.db
      .prepare(
        "INSERT INTO sns_subscriptions (arn, topic_arn, endpoint, token, created_at) VALUES (@arn, @topicArn, @endpoint, @token, @now)",
      )
      .run({ ...subscription, now });
    return { subscription, created: true };
  }

  /** Confirms by token; undefined when no subscription has it. */
  confirm(token: string, now: string): Subscription | undefined {
    this.db
      .prepare(
        "UPDATE sns_subscriptions SET confirmed_at = COALESCE(confirmed_at, ?), unsubscribed_at = NULL WHERE token = ?",
      )
      .run(now, token);
    return this.db.prepare(`SELECT ${COLUMNS} FROM sns_subscriptions WHERE token = ?`).get(token) as
      Subscription | undefined;
  }

  unsubscribe(arn: string, now: string): boolean {
    return (
      this.db.prepare("UPDATE sns_subscriptions SET unsubscribed_at = ? WHERE arn = ?").run(now, arn)
        .changes === 1
    );
  }
}
