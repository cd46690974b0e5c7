import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { GlacierClient, ListVaultsCommand } from "@aws-sdk/client-glacier";
import { describe, expect, it } from "vitest";
import { describeAwsError } from "../lib/aws/errors";
import { DEMO_CREDENTIALS } from "./testing/harness";
import { awsCliEnv } from "./testing/aws-cli";
import { sharedTestEmulator } from "../tests/support/test-emulator";

/**
 * Signing time and unknown keys through the real clients over HTTP. The skew is set in the client (the
 * SDK's systemClockOffset, botocore's clock patched), ten minutes either way: twice the 5-minute window,
 * so no test depends on how long it runs. The window's edges are tested with a fixed clock in sigv4.test.ts.
 */

const run = promisify(execFile);
const t = sharedTestEmulator();
const TEN_MINUTES = 10 * 60_000;

const EXPIRED =
  /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/;
const NOT_YET =
  /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)$/;

function skewedClient(offsetMs: number, maxAttempts: number): GlacierClient {
  return new GlacierClient({
    endpoint: t.emulator.url,
    region: "us-east-1",
    credentials: DEMO_CREDENTIALS,
    systemClockOffset: offsetMs,
    maxAttempts,
  });
}

describe("clock skew through @aws-sdk/client-glacier", () => {
  it.each([
    ["behind", -TEN_MINUTES, EXPIRED],
    ["ahead", TEN_MINUTES, NOT_YET],
  ])(
    "refuses a request signed ten minutes %s with 403 InvalidSignatureException",
    async (_, offset, text) => {
      const client = skewedClient(offset, 1);
      const error = await client.send(new ListVaultsCommand({ accountId: "-" })).catch((e: unknown) => e);
      expect(error).toMatchObject({
        name: "InvalidSignatureException",
        message: expect.stringMatching(text),
        $metadata: { httpStatusCode: 403 },
      });
      // Thaw's sentence points at the server's clock, not at the secret key.
      expect(describeAwsError(error).message).toMatch(/clock/i);
      expect(describeAwsError(error).message).not.toMatch(/secret/i);
      // The SDK read the server's Date header from the refusal and corrected its offset: the next call passes.
      expect(Math.abs(client.config.systemClockOffset)).toBeLessThan(60_000);
      await expect(client.send(new ListVaultsCommand({ accountId: "-" }))).resolves.toBeDefined();
      client.destroy();
    },
  );

  it("is corrected by the SDK's own retry: the second attempt is signed with the server's time", async () => {
    // @smithy/core treats InvalidSignatureException "Signature expired" as transient and re-signs with the
    // offset learnt from the Date header; a lone request with retries left therefore succeeds.
    const client = skewedClient(-TEN_MINUTES, 3);
    const out = await client.send(new ListVaultsCommand({ accountId: "-" }));
    expect(out.$metadata.attempts).toBe(2);
    client.destroy();
  });

  it("refuses an unknown access key with 400 UnrecognizedClientException", async () => {
    const client = new GlacierClient({
      endpoint: t.emulator.url,
      region: "us-east-1",
      credentials: { accessKeyId: "AKIDNOSUCHKEY0000000", secretAccessKey: "whatever" },
      maxAttempts: 1,
    });
    const error = await client.send(new ListVaultsCommand({ accountId: "-" })).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: "UnrecognizedClientException",
      message: "The security token included in the request is invalid.",
      $metadata: { httpStatusCode: 400 },
    });
    expect(describeAwsError(error).message).toMatch(/access key id/i);
    client.destroy();
  });
});

describe("clock skew and unknown keys through boto3", () => {
  const script = `
import os, sys, datetime, json
import boto3, botocore.auth
from botocore.config import Config
from botocore.exceptions import ClientError
offset = datetime.timedelta(milliseconds=int(sys.argv[2]))
real_now = botocore.auth.get_current_datetime
botocore.auth.get_current_datetime = lambda: real_now() + offset
key = sys.argv[3]
g = boto3.client("glacier", endpoint_url=sys.argv[1], aws_access_key_id=key,
                 aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"], config=Config(retries={"total_max_attempts": 1}))
try:
    g.list_vaults()
    print(json.dumps({"ok": True}))
except ClientError as e:
    print(json.dumps({"code": e.response["Error"]["Code"], "message": e.response["Error"]["Message"],
                      "status": e.response["ResponseMetadata"]["HTTPStatusCode"]}))
`;
  const boto = async (offsetMs: number, accessKeyId = DEMO_CREDENTIALS.accessKeyId) => {
    const { stdout } = await run("python3", ["-c", script, t.emulator.url, String(offsetMs), accessKeyId], {
      env: awsCliEnv("us-east-1"),
    });
    return JSON.parse(stdout) as Record<string, unknown>;
  };

  it("refuses requests signed ten minutes off, either way, and accepts the right time", async () => {
    expect(await boto(-TEN_MINUTES)).toEqual({
      code: "InvalidSignatureException",
      message: expect.stringMatching(EXPIRED),
      status: 403,
    });
    expect(await boto(TEN_MINUTES)).toEqual({
      code: "InvalidSignatureException",
      message: expect.stringMatching(NOT_YET),
      status: 403,
    });
    expect(await boto(0)).toEqual({ ok: true });
  });

  it("refuses an unknown access key with 400 UnrecognizedClientException", async () => {
    expect(await boto(0, "AKIDNOSUCHKEY0000000")).toEqual({
      code: "UnrecognizedClientException",
      message: "The security token included in the request is invalid.",
      status: 400,
    });
  });
});
