/**
 * SNS topic ARNs as Glacier accepts them for `SNSTopic`:
 * `arn:<partition>:sns:<region>:<12-digit account>:<topic>`, where the topic name is 1–256
 * characters of `A-Za-z0-9_-`, and a FIFO topic ends in `.fifo` (counted in the 256).
 * Pure and isomorphic.
 */

export interface SnsTopicArn {
  partition: string;
  region: string;
  accountId: string;
  topicName: string;
  fifo: boolean;
}

export type ParseSnsTopicArnResult = { ok: true; value: SnsTopicArn } | { ok: false; message: string };

export const MAX_TOPIC_NAME_LENGTH = 256;

const PARTITION = /^aws(?:-[a-z]+)*$/;
// e.g. us-east-1, eu-central-2, us-gov-west-1, cn-northwest-1, us-isob-east-1
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;
const ACCOUNT = /^\d{12}$/;
const TOPIC = /^[A-Za-z0-9_-]+$/;
const FIFO_SUFFIX = ".fifo";

export const SNS_TOPIC_ARN_EXAMPLE = "arn:aws:sns:us-east-1:123456789012:my-topic";

function fail(arn: string, reason: string): ParseSnsTopicArnResult {
  return { ok: false, message: `Invalid SNS topic ARN "${arn}": ${reason}` };
}

export function parseSnsTopicArn(arn: string): ParseSnsTopicArnResult {
  const parts = arn.split(":");
  if (parts.length !== 6 || parts[0] !== "arn") {
    return fail(arn, `expected the form ${SNS_TOPIC_ARN_EXAMPLE}`);
  }
  const [, partition = "", service = "", region = "", accountId = "", topicName = ""] = parts;
  if (!PARTITION.test(partition)) return fail(arn, `"${partition}" is not an AWS partition`);
  if (service !== "sns") return fail(arn, `the service must be "sns", not "${service}"`);
  if (!REGION.test(region)) return fail(arn, `"${region}" is not a region name`);
  if (!ACCOUNT.test(accountId)) return fail(arn, "the account ID must be 12 digits");
  const fifo = topicName.endsWith(FIFO_SUFFIX);
  const base = fifo ? topicName.slice(0, -FIFO_SUFFIX.length) : topicName;
  if (!TOPIC.test(base)) {
    return fail(arn, 'the topic name may contain only letters, digits, "_" and "-" (and end in ".fifo")');
  }
  if (topicName.length > MAX_TOPIC_NAME_LENGTH) {
    return fail(arn, `the topic name must be at most ${MAX_TOPIC_NAME_LENGTH} characters long`);
  }
  return { ok: true, value: { partition, region, accountId, topicName, fifo } };
}

export function isValidSnsTopicArn(arn: string): boolean {
  return parseSnsTopicArn(arn).ok;
}
