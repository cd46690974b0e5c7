import { type Migration } from "../store/database";

/**
 * One subscription per configured `--sns-endpoint` (topic, endpoint). It is created, and a
 * SubscriptionConfirmation sent, the first time that pair is configured; `/sns/confirm?Token=` confirms it.
 */
export const snsMigrations: readonly Migration[] = [
  {
    name: "sns-001-subscriptions",
    sql: `
      CREATE TABLE sns_subscriptions (
        arn TEXT PRIMARY KEY,
        topic_arn TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        token TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        confirmed_at TEXT,
        unsubscribed_at TEXT,
        UNIQUE (topic_arn, endpoint)
      );
    `,
  },
];
