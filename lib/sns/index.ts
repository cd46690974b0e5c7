/**
 * Amazon SNS job notifications (server-only): signature checks, subscriptions and the topics allowed.
 * Owns tables: sns_messages, sns_subscriptions, settings (the saved topic list).
 */
export { cachedFetcher } from "./certificates";
export { handleSnsRequest, type SnsDependencies, type SnsResponse } from "./handle";
export { connectionForJob } from "./job-connection";
export { listSubscriptions, saveTopicArns, savedTopicArns } from "./store";
export { SIGNATURE_ALGORITHMS, stringToSign, type SignedFields } from "./message";
