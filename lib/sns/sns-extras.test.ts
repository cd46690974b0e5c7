import { randomUUID } from "node:crypto";
import http from "node:http";
import { type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeEachDialect } from "@/tests/support/db";
import { certSource, trustedSubscribeUrl } from "./cert-url";
import { cachedFetcher } from "./certificates";
import { handleSnsRequest, type SnsDependencies } from "./handle";
import { listSubscriptions, saveTopicArns } from "./store";
import { CERT_NAME, type LocalSns, startLocalSns } from "@/tests/support/sns-signer";

/** The SNS paths sns.test.ts leaves out: unsubscribing, a hostile SubscribeURL, the China partition. */

const TOPIC = "arn:aws:sns:us-east-1:123456789012:thaw-extras";
const OTHER_TOPIC = "arn:aws:sns:us-east-1:123456789012:not-allowed";

let sns: LocalSns;
/** A server that is not SNS: any GET it receives would be Thaw following a forged SubscribeURL. */
let stranger: http.Server;
let strangerUrl: string;
const strangerHits: string[] = [];

beforeAll(async () => {
  sns = await startLocalSns();
  stranger = http.createServer((req, res) => {
    strangerHits.push(req.url ?? "");
    res.writeHead(200).end("ok");
  });
  await new Promise<void>((resolve) => stranger.listen(0, "127.0.0.1", resolve));
  strangerUrl = `http://127.0.0.1:${(stranger.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await sns.close();
  await new Promise<void>((resolve) => stranger.close(() => resolve()));
});

function confirmation(
  type: "SubscriptionConfirmation" | "UnsubscribeConfirmation",
  topic: string,
  subscribeUrl: string,
): string {
  return JSON.stringify(
    sns.sign({
      Type: type,
      MessageId: randomUUID(),
      TopicArn: topic,
      Token: "token-456",
      Message:
        type === "SubscriptionConfirmation"
          ? "You have chosen to subscribe"
          : "You have chosen to deactivate",
      SubscribeURL: subscribeUrl,
      Timestamp: new Date().toISOString(),
    }),
  );
}

describe("certificate and SubscribeURL rules in the China partition", () => {
  const cnTopic = "arn:aws-cn:sns:cn-north-1:123456789012:thaw-jobs";

  it("accepts sns.cn-north-1.amazonaws.com.cn for a cn-north-1 topic", () => {
    expect(certSource(`https://sns.cn-north-1.amazonaws.com.cn/${CERT_NAME}`, cnTopic, undefined)).toEqual({
      kind: "aws",
    });
    expect(
      trustedSubscribeUrl(
        "https://sns.cn-north-1.amazonaws.com.cn/?Action=ConfirmSubscription&Token=x",
        cnTopic,
        undefined,
      ),
    ).toBe(true);
  });

  it("refuses another region's host, a look-alike domain and plain http for that topic", () => {
    for (const url of [
      `https://sns.cn-northwest-1.amazonaws.com.cn/${CERT_NAME}`,
      `https://sns.cn-north-1.amazonaws.com.cn.example.org/${CERT_NAME}`,
      `https://sns.cn-north-1.amazonaws.cn/${CERT_NAME}`,
      `http://sns.cn-north-1.amazonaws.com.cn/${CERT_NAME}`,
    ]) {
      expect(certSource(url, cnTopic, undefined), url).toBeUndefined();
      expect(trustedSubscribeUrl(url, cnTopic, undefined), url).toBe(false);
    }
  });
});

describeEachDialect("SNS subscription messages", (target) => {
  let deps: SnsDependencies;
  beforeAll(async () => {
    const { db } = await target.open();
    await saveTopicArns([TOPIC], { db });
    deps = {
      fetchCertificate: cachedFetcher(),
      localCertUrl: sns.url,
      applyNotification: () => Promise.reject(new Error("no notification expected")),
      db,
    };
  });

  const statuses = async () => (await listSubscriptions({ db: deps.db })).map((s) => [s.topicArn, s.status]);
  const auditRows = async () =>
    (await deps.db
      ?.selectFrom("audit_log")
      .select(["action", "outcome", "target"])
      .where("action", "=", "sns.subscription")
      .execute()) ?? [];

  it("marks a confirmed subscription unsubscribed on UnsubscribeConfirmation, without visiting any URL", async () => {
    const confirmed = await handleSnsRequest(
      confirmation("SubscriptionConfirmation", TOPIC, `${sns.url}confirm?Token=token-456`),
      "SubscriptionConfirmation",
      deps,
    );
    expect(confirmed.status).toBe(200);
    expect(await statuses()).toEqual([[TOPIC, "confirmed"]]);
    const visits = sns.confirmations.length;

    const unsubscribed = await handleSnsRequest(
      confirmation("UnsubscribeConfirmation", TOPIC, `${sns.url}confirm?Token=token-456`),
      "UnsubscribeConfirmation",
      deps,
    );
    expect(unsubscribed).toEqual({ status: 200, body: { ok: true, message: "Unsubscribed." } });
    expect(await statuses()).toEqual([[TOPIC, "unsubscribed"]]);
    expect(sns.confirmations).toHaveLength(visits);
    expect(await auditRows()).toEqual([
      { action: "sns.subscription", outcome: "success", target: TOPIC },
      { action: "sns.subscription", outcome: "success", target: TOPIC },
    ]);
  });

  it("ignores an UnsubscribeConfirmation for a topic that is not allowed", async () => {
    const before = await statuses();
    const refused = await handleSnsRequest(
      confirmation("UnsubscribeConfirmation", OTHER_TOPIC, `${sns.url}confirm?Token=x`),
      null,
      deps,
    );
    expect(refused.status).toBe(403);
    expect(await statuses()).toEqual(before);
  });

  it("refuses a correctly signed SubscriptionConfirmation whose SubscribeURL points elsewhere, making no GET", async () => {
    const before = await statuses();
    const auditBefore = (await auditRows()).length;
    for (const url of [
      `${strangerUrl}/confirm?Token=token-456`,
      `https://evil.example/?Action=ConfirmSubscription&Token=token-456`,
      `https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&Token=token-456`,
    ]) {
      const refused = await handleSnsRequest(
        confirmation("SubscriptionConfirmation", TOPIC, url),
        "SubscriptionConfirmation",
        deps,
      );
      expect(refused, url).toEqual({
        status: 403,
        body: { ok: false, message: "The SubscribeURL is not an SNS endpoint." },
      });
    }
    expect(strangerHits).toEqual([]);
    expect(await statuses()).toEqual(before);
    expect(await auditRows()).toHaveLength(auditBefore);
  });
});
