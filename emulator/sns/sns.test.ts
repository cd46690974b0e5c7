import { X509Certificate, createVerify } from "node:crypto";
import { SetVaultNotificationsCommand } from "@aws-sdk/client-glacier";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "../testing/harness";
import { HttpReceiver, createVault, initiateJob, uploadArchive, waitForJob } from "../testing/jobs";
import { rawRequest } from "../testing/raw-request";

const JOB_TOPIC = "arn:aws:sns:us-east-1:123456789012:job-topic";
const VAULT_TOPIC = "arn:aws:sns:us-east-1:123456789012:vault-topic";
const UNROUTED_TOPIC = "arn:aws:sns:us-east-1:123456789012:nobody-listens";

/** Verifies an SNS message the way a subscriber must (formats.md §3.3), independently of the emulator's code. */
async function verifySignature(message: Record<string, string>): Promise<boolean> {
  const keys =
    message.Type === "Notification"
      ? ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
      : ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];
  const text = keys
    .filter((k) => message[k] !== undefined)
    .map((k) => `${k}\n${message[k] ?? ""}\n`)
    .join("");
  const pem = await (await fetch(message.SigningCertURL ?? "")).text();
  const algorithm = message.SignatureVersion === "2" ? "RSA-SHA256" : "RSA-SHA1";
  return createVerify(algorithm)
    .update(text, "utf8")
    .verify(new X509Certificate(pem).publicKey, message.Signature ?? "", "base64");
}

let receiver: HttpReceiver;
let vaultReceiver: HttpReceiver;
let t: TestEmulator;
let archiveId: string;

beforeAll(async () => {
  receiver = new HttpReceiver();
  vaultReceiver = new HttpReceiver(1); // the first attempt fails: the delivery is retried
  const snsEndpoints = { [JOB_TOPIC]: await receiver.start(), [VAULT_TOPIC]: await vaultReceiver.start() };
  t = await startTestEmulator({ timeScale: 1_000_000, snsEndpoints, s3Buckets: ["notify-results"] });
  await createVault(t.client, "notify");
  archiveId = await uploadArchive(t.client, "notify", "notified bytes");
});
afterAll(async () => {
  await t.stop();
  await receiver.close();
  await vaultReceiver.close();
});

describe("subscriptions", () => {
  it("sends a signed SubscriptionConfirmation to each configured endpoint, confirmed by its SubscribeURL", async () => {
    const [confirmation] = await receiver.waitFor("SubscriptionConfirmation");
    const message = confirmation?.json ?? {};
    expect(message).toMatchObject({
      Type: "SubscriptionConfirmation",
      TopicArn: JOB_TOPIC,
      SignatureVersion: "1",
    });
    expect(message.SigningCertURL).toMatch(
      new RegExp(`^${t.emulator.url}/sns/SimpleNotificationService-[0-9a-f]{32}\\.pem$`),
    );
    expect(await verifySignature(message)).toBe(true);
    expect(confirmation?.headers["x-amz-sns-message-type"]).toBe("SubscriptionConfirmation");
    const confirmed = await fetch(message.SubscribeURL ?? "");
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain(`<SubscriptionArn>${JOB_TOPIC}:`);
    expect((await fetch(`${t.emulator.url}/sns/confirm?Token=wrong`)).status).toBe(404);
  });

  it("does not send a second confirmation after a restart", async () => {
    await receiver.waitFor("SubscriptionConfirmation");
    await t.restart();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.received.filter((m) => m.json.Type === "SubscriptionConfirmation")).toHaveLength(1);
  });
});

describe("job completion notifications", () => {
  it("delivers the DescribeJob JSON for a job's SNSTopic, signed, without anyone polling", async () => {
    const before = receiver.received.length;
    const { jobId } = await initiateJob(t.client, "notify", {
      Type: "archive-retrieval",
      ArchiveId: archiveId,
      SNSTopic: JOB_TOPIC,
      Tier: "Bulk",
    });
    const notifications = await receiver.waitFor("Notification");
    const post = receiver.received.slice(before).find((m) => m.json.Type === "Notification");
    expect(notifications.length).toBeGreaterThan(0);
    const message = post?.json ?? {};
    expect(message).toMatchObject({
      Type: "Notification",
      TopicArn: JOB_TOPIC,
      Subject: "Notification From Amazon Glacier",
      SignatureVersion: "1",
    });
    expect(message.UnsubscribeURL).toContain("/sns/unsubscribe?SubscriptionArn=");
    expect(post?.headers).toMatchObject({
      "x-amz-sns-message-type": "Notification",
      "x-amz-sns-topic-arn": JOB_TOPIC,
      "x-amz-sns-subscription-arn": expect.stringMatching(new RegExp(`^${JOB_TOPIC}:`)) as unknown,
      "content-type": "text/plain; charset=UTF-8",
    });
    expect(await verifySignature(message)).toBe(true);
    const described = await rawRequest(t.emulator.url, {
      method: "GET",
      path: `/-/vaults/notify/jobs/${jobId}`,
    });
    expect(JSON.parse(message.Message ?? "")).toEqual(described.json());
    expect(described.json()).toMatchObject({ StatusCode: "Succeeded", SNSTopic: JOB_TOPIC });
  });

  it("a tampered message fails verification", async () => {
    const message = (await receiver.waitFor("Notification"))[0]?.json ?? {};
    expect(
      await verifySignature({ ...message, Message: message.Message?.replace("Succeeded", "Failed") ?? "" }),
    ).toBe(false);
  });

  it("follows the vault's notification configuration (per event), retrying a failed delivery", async () => {
    await t.client.send(
      new SetVaultNotificationsCommand({
        accountId: "-",
        vaultName: "notify",
        vaultNotificationConfig: { SNSTopic: VAULT_TOPIC, Events: ["ArchiveRetrievalCompleted"] },
      }),
    );
    const { jobId } = await initiateJob(t.client, "notify", {
      Type: "archive-retrieval",
      ArchiveId: archiveId,
      SNSTopic: JOB_TOPIC,
    });
    await initiateJob(t.client, "notify", { Type: "inventory-retrieval" }); // not a configured event
    const [delivered] = await vaultReceiver.waitFor("Notification");
    expect(JSON.parse(delivered?.json.Message ?? "")).toMatchObject({
      JobId: jobId,
      Action: "ArchiveRetrieval",
    });
    // The job's own topic is notified too.
    await receiver.waitFor("Notification", 2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(vaultReceiver.received.filter((m) => m.json.Type === "Notification")).toHaveLength(1);
  });

  it("notifies failed jobs too, and drops messages for topics with no endpoint", async () => {
    const before = receiver.received.length;
    const select = await initiateJob(t.client, "notify", {
      Type: "select",
      ArchiveId: archiveId,
      SNSTopic: JOB_TOPIC,
      // Accepted (InitiateJob refuses bad SQL and missing buckets), then fails on the data: CastFailed.
      SelectParameters: { ExpressionType: "SQL", Expression: "SELECT CAST(_1 AS INT) FROM archive" },
      OutputLocation: { S3: { BucketName: "notify-results", Prefix: "p" } },
    });
    await initiateJob(t.client, "notify", {
      Type: "archive-retrieval",
      ArchiveId: archiveId,
      SNSTopic: UNROUTED_TOPIC,
    });
    await waitForJob(t.client, "notify", select.jobId);
    await receiver.waitFor("Notification", 3);
    const sent = receiver.received
      .slice(before)
      .map((m) => JSON.parse(m.json.Message ?? "{}") as Record<string, unknown>);
    expect(sent).toEqual([
      expect.objectContaining({ JobId: select.jobId, Action: "Select", StatusCode: "Failed" }),
    ]);
  });

  it("stops delivering after the UnsubscribeURL is visited", async () => {
    const message = (await receiver.waitFor("Notification"))[0]?.json ?? {};
    expect((await fetch(message.UnsubscribeURL ?? "")).status).toBe(200);
    const count = receiver.received.length;
    const { jobId } = await initiateJob(t.client, "notify", {
      Type: "inventory-retrieval",
      SNSTopic: JOB_TOPIC,
    });
    await waitForJob(t.client, "notify", jobId);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.received.length).toBe(count);
  });
});

describe("SignatureVersion 2", () => {
  it("signs with SHA256withRSA", async () => {
    const v2 = new HttpReceiver();
    const topic = "arn:aws:sns:eu-west-1:123456789012:v2-topic";
    const e = await startTestEmulator({
      timeScale: 1_000_000,
      snsEndpoints: { [topic]: await v2.start() },
      snsSignatureVersion: "2",
    });
    try {
      await createVault(e.client, "v");
      await initiateJob(e.client, "v", { Type: "inventory-retrieval", SNSTopic: topic });
      const [notification] = await v2.waitFor("Notification");
      expect(notification?.json.SignatureVersion).toBe("2");
      expect(await verifySignature(notification?.json ?? {})).toBe(true);
      const [confirmation] = await v2.waitFor("SubscriptionConfirmation");
      expect(await verifySignature(confirmation?.json ?? {})).toBe(true);
    } finally {
      await e.stop();
      await v2.close();
    }
  });
});
