import { describe, expect, it } from "vitest";
import { UsageError, parseCliArgs } from "../cli-args";
import { OptionsError, resolveOptions } from "../options";

describe("job-related CLI flags", () => {
  it("parses repeatable buckets and SNS endpoints, capacity, failure pattern, signature version and retention", () => {
    const topic = "arn:aws:sns:us-east-1:123456789012:jobs";
    expect(
      parseCliArgs([
        "--s3-bucket",
        "thaw-results",
        "--s3-bucket",
        "other-bucket",
        "--sns-endpoint",
        `${topic}=http://127.0.0.1:3000/api/sns?x=1`,
        "--expedited-capacity",
        "0",
        "--fail-jobs-matching",
        "^fail",
        "--sns-signature-version",
        "2",
        "--min-retention",
        "0",
      ]),
    ).toMatchObject({
      s3Buckets: ["thaw-results", "other-bucket"],
      snsEndpoints: { [topic]: "http://127.0.0.1:3000/api/sns?x=1" },
      expeditedCapacity: 0,
      failJobsMatching: "^fail",
      snsSignatureVersion: "2",
      minRetentionSeconds: 0,
    });
  });

  it.each([
    [["--sns-endpoint", "no-equals-sign"], /--sns-endpoint expects <topicArn>=<url>/],
    [["--expedited-capacity", "lots"], /--expedited-capacity must be a whole number/],
    [["--sns-signature-version", "3"], /--sns-signature-version must be 1 or 2/],
    [["--min-retention", "soon"], /--min-retention must be a whole number/],
    [["--select-result-part-bytes", "1k"], /--select-result-part-bytes must be a whole number/],
  ])("refuses %j", (args, message) => {
    expect(() => parseCliArgs(args)).toThrow(UsageError);
    expect(() => parseCliArgs(args)).toThrow(message);
  });

  it.each([
    [{ s3Buckets: ["Bad_Bucket"] }, /S3 bucket name 'Bad_Bucket' is invalid/],
    [{ failJobsMatching: "(" }, /fail-jobs-matching is not a valid regular expression/],
    [{ snsEndpoints: { "not-an-arn": "http://x" } }, /not an SNS topic ARN/],
    [{ snsEndpoints: { "arn:aws:sns:us-east-1:123456789012:t": "ftp://x" } }, /must be an http\(s\) URL/],
    [{ expeditedCapacity: 1.5 }, /expedited capacity must be a whole number/],
    [{ selectResultPartBytes: 0 }, /select result part size must be a whole number of bytes ≥ 1/],
  ])("resolveOptions refuses %j", (options, message) => {
    expect(() => resolveOptions({ dataDir: "/tmp/x", ...options })).toThrow(OptionsError);
    expect(() => resolveOptions({ dataDir: "/tmp/x", ...options })).toThrow(message);
  });

  it("defaults: generous Expedited capacity, SignatureVersion 1, 10 minutes minimum retention, 256 MiB Select result parts", () => {
    expect(resolveOptions({ dataDir: "/tmp/x" })).toMatchObject({
      s3Buckets: [],
      snsEndpoints: {},
      expeditedCapacity: 1000,
      failJobsMatching: undefined,
      snsSignatureVersion: "1",
      minRetentionSeconds: 600,
      selectResultPartBytes: 256 * 1024 * 1024,
    });
  });
});
