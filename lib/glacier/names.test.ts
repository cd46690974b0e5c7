import { describe, expect, it } from "vitest";
import { actionToJobType, JOB_ACTIONS, JOB_TYPES, jobTypeToAction, isOneOf, TIERS } from "./job-types";
import { parseSnsTopicArn, isValidSnsTopicArn } from "./sns";
import { checkVaultName, isValidVaultName } from "./vault-name";

describe("vault names", () => {
  it.each(["a", "examplevault", "My_Vault-2024.backup", "x".repeat(255)])("accepts %j", (name) => {
    expect(isValidVaultName(name)).toBe(true);
  });

  it.each([
    ["", undefined],
    ["x".repeat(256), 255],
    ["my vault", 2],
    ["vault/1", 5],
    ["vaült", 2],
    ["a:b", 1],
  ])("rejects %j", (name, index) => {
    const result = checkVaultName(name);
    expect(result.ok).toBe(false);
    expect(result.ok ? null : result.index).toBe(index);
  });
});

describe("SNS topic ARNs", () => {
  it("parses a standard topic", () => {
    expect(parseSnsTopicArn("arn:aws:sns:us-west-2:012345678901:mytopic")).toEqual({
      ok: true,
      value: {
        partition: "aws",
        region: "us-west-2",
        accountId: "012345678901",
        topicName: "mytopic",
        fifo: false,
      },
    });
  });

  it.each([
    "arn:aws:sns:us-east-1:123456789012:orders.fifo",
    "arn:aws-cn:sns:cn-north-1:123456789012:t",
    "arn:aws-us-gov:sns:us-gov-west-1:123456789012:My_Topic-1",
    "arn:aws:sns:eu-central-2:123456789012:" + "a".repeat(256),
    "arn:aws:sns:us-east-1:123456789012:" + "a".repeat(251) + ".fifo",
  ])("accepts %s", (arn) => {
    expect(isValidSnsTopicArn(arn)).toBe(true);
  });

  it.each([
    ["arn:aws:sqs:us-east-1:123456789012:queue", "service"],
    ["arn:aws:sns:us-east-1:12345678901:t", "12 digits"],
    ["arn:aws:sns:us-east-1:123456789012:", "topic name"],
    ["arn:aws:sns:us-east-1:123456789012:.fifo", "topic name"],
    ["arn:aws:sns:us-east-1:123456789012:my.topic", "topic name"],
    ["arn:aws:sns:us-east-1:123456789012:my topic", "topic name"],
    ["arn:aws:sns:us-east-1:123456789012:" + "a".repeat(257), "at most 256"],
    ["arn:aws:sns:us-east-1:123456789012:" + "a".repeat(252) + ".fifo", "at most 256"],
    ["arn:aws:sns:useast1:123456789012:t", "region"],
    ["arn:amazon:sns:us-east-1:123456789012:t", "partition"],
    ["arn:aws:sns:us-east-1:123456789012:t:extra", "expected the form"],
    ["mytopic", "expected the form"],
  ])("rejects %s (%s)", (arn, why) => {
    const result = parseSnsTopicArn(arn);
    expect(result.ok ? "" : result.message).toContain(why);
  });
});

describe("job type constants", () => {
  it("maps every Type to its Action and back", () => {
    expect(JOB_TYPES.map(jobTypeToAction)).toEqual(["ArchiveRetrieval", "InventoryRetrieval", "Select"]);
    expect(JOB_ACTIONS.map(actionToJobType)).toEqual([...JOB_TYPES]);
  });

  it("narrows with isOneOf", () => {
    expect(isOneOf(TIERS, "Bulk")).toBe(true);
    expect(isOneOf(TIERS, "bulk")).toBe(false);
    expect(isOneOf(TIERS, 3)).toBe(false);
  });
});
