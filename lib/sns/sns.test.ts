import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeEachDialect } from "@/tests/support/db";
import { certSource, trustedSubscribeUrl } from "./cert-url";
import { cachedFetcher, fetchCertificate } from "./certificates";
import { handleSnsRequest, type SnsDependencies } from "./handle";
import { stringToSign } from "./message";
import { saveTopicArns } from "./store";
import { type LocalSns, startLocalSns } from "@/tests/support/sns-signer";
import { verifySnsMessage } from "./verify";

const TOPIC = "arn:aws:sns:us-east-1:123456789012:thaw-jobs";
const OTHER_TOPIC = "arn:aws:sns:us-east-1:123456789012:someone-else";

let sns: LocalSns;
beforeAll(async () => {
  sns = await startLocalSns();
});
afterAll(() => sns.close());

function notification(overrides: Record<string, unknown> = {}) {
  return {
    Type: "Notification" as const,
    MessageId: randomUUID(),
    TopicArn: TOPIC,
    Subject: "Notification From Glacier",
    Message: JSON.stringify({ JobId: "job-1", StatusCode: "Succeeded", Completed: true }),
    Timestamp: new Date().toISOString(),
    UnsubscribeURL: "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe",
    ...overrides,
  };
}

describe("string to sign", () => {
  it("lists the signed keys in byte order, Subject only when present", () => {
    const n = notification({
      Message: "m",
      MessageId: "id",
      Timestamp: "2012-05-02T00:54:06.655Z",
      Subject: "s",
    });
    expect(stringToSign(n)).toBe(
      `Message\nm\nMessageId\nid\nSubject\ns\nTimestamp\n2012-05-02T00:54:06.655Z\nTopicArn\n${TOPIC}\nType\nNotification\n`,
    );
    const { Subject: _omitted, ...withoutSubject } = n;
    expect(stringToSign(withoutSubject)).not.toContain("Subject");
  });
});

describe("certificate URLs", () => {
  const file = "SimpleNotificationService-0123456789abcdef0123456789abcdef.pem";
  it.each([
    [`https://sns.us-east-1.amazonaws.com/${file}`, true],
    [`https://sns.cn-north-1.amazonaws.com.cn/${file}`, false], // region differs from the topic's
    [`https://sns.us-west-2.amazonaws.com/${file}`, false],
    [`http://sns.us-east-1.amazonaws.com/${file}`, false],
    [`https://sns.us-east-1.amazonaws.com:8443/${file}`, false],
    [`https://sns.us-east-1.amazonaws.com.evil.example/${file}`, false],
    [`https://evil.example/sns.us-east-1.amazonaws.com/${file}`, false],
    [`https://sns.us-east-1.amazonaws.com/${file}?x=1`, false],
    [`https://user@sns.us-east-1.amazonaws.com/${file}`, false],
    [`https://sns.us-east-1.amazonaws.com/other.pem`, false],
    [`https://sns.us-east-1.amazonaws.com/a/${file}`, false],
    ["not a url", false],
  ])("%s → %s", (url, trusted) => {
    expect(Boolean(certSource(url, TOPIC, undefined))).toBe(trusted);
  });

  it("trusts the embedded server only at its configured prefix", () => {
    const local = "http://127.0.0.1:9090/sns/";
    expect(certSource(`http://127.0.0.1:9090/sns/${file}`, TOPIC, local)).toEqual({ kind: "local" });
    expect(certSource(`http://127.0.0.1:9091/sns/${file}`, TOPIC, local)).toBeUndefined();
    expect(certSource(`http://127.0.0.1:9090/other/${file}`, TOPIC, local)).toBeUndefined();
    expect(certSource(`http://127.0.0.1:9090/sns/../x/${file}`, TOPIC, local)).toBeUndefined();
    expect(trustedSubscribeUrl("http://127.0.0.1:9090/sns/confirm?Token=x", TOPIC, local)).toBe(true);
    expect(trustedSubscribeUrl("http://127.0.0.1:9090/sns/confirm?Token=x", TOPIC, undefined)).toBe(false);
    expect(
      trustedSubscribeUrl(
        "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=x",
        TOPIC,
        undefined,
      ),
    ).toBe(true);
  });
});

describe("signature verification over real HTTP", () => {
  const options = () => ({ fetchCertificate: cachedFetcher(), localCertUrl: sns.url });

  it.each(["1", "2"] as const)("accepts a message signed with SignatureVersion %s", async (version) => {
    const result = await verifySnsMessage(sns.sign(notification(), version), options());
    expect(result.ok).toBe(true);
  });

  it("refuses tampered, re-versioned, stale and untrusted messages", async () => {
    const signed = sns.sign(notification());
    const refusals = await Promise.all([
      verifySnsMessage({ ...signed, Message: signed.Message.replace("Succeeded", "Failed") }, options()),
      verifySnsMessage({ ...signed, Subject: "changed" }, options()),
      verifySnsMessage({ ...signed, SignatureVersion: "1" }, options()),
      verifySnsMessage({ ...signed, Signature: Buffer.from("nope").toString("base64") }, options()),
      verifySnsMessage(signed, { ...options(), now: Date.now() + 2 * 3_600_000 }),
      verifySnsMessage(signed, { ...options(), localCertUrl: undefined }),
      verifySnsMessage(
        { ...signed, SigningCertURL: `${sns.url}SimpleNotificationService-ffff.pem` },
        options(),
      ),
      verifySnsMessage({ ...signed, Signature: undefined }, options()),
      verifySnsMessage("not an object", options()),
    ]);
    expect(refusals.map((r) => (r.ok ? "accepted" : r.reason))).toEqual([
      "bad signature",
      "bad signature",
      "bad signature",
      "bad signature",
      "timestamp outside the accepted window",
      "untrusted SigningCertURL",
      "signing certificate unavailable",
      "not an SNS message",
      "not an SNS message",
    ]);
  });

  it("fetches each certificate once and does not cache failures", async () => {
    let fetches = 0;
    const fetcher = cachedFetcher((url) => {
      fetches++;
      return fetchCertificate(url);
    });
    await fetcher(sns.certUrl);
    await fetcher(sns.certUrl);
    await expect(fetcher(`${sns.url}missing.pem`)).rejects.toThrow(/404/);
    await expect(fetcher(`${sns.url}missing.pem`)).rejects.toThrow(/404/);
    expect(fetches).toBe(3);
  });
});

describeEachDialect("the SNS endpoint's logic", (target) => {
  const applied: Array<Record<string, unknown>> = [];
  const deps = async (): Promise<SnsDependencies> => ({
    fetchCertificate: cachedFetcher(),
    localCertUrl: sns.url,
    applyNotification: (description) => {
      applied.push(description);
      return Promise.resolve("applied");
    },
    db: (await target.open()).db,
  });

  it("applies a valid notification from an allowed topic once, and refuses its replay", async () => {
    const d = await deps();
    if (!d.db) throw new Error("no db");
    await saveTopicArns([TOPIC], { db: d.db });
    const body = JSON.stringify(sns.sign(notification()));
    expect(await handleSnsRequest(body, "Notification", d)).toEqual({
      status: 200,
      body: { ok: true, message: "applied" },
    });
    expect(applied).toHaveLength(1);
    expect(applied[0]).toMatchObject({ JobId: "job-1", StatusCode: "Succeeded" });
    expect((await handleSnsRequest(body, "Notification", d)).status).toBe(409);
    expect(applied).toHaveLength(1);
  });

  it("refuses other topics, tampered bodies, mismatched headers and non-JSON without acting", async () => {
    const d = await deps();
    const before = applied.length;
    const other = JSON.stringify(sns.sign(notification({ TopicArn: OTHER_TOPIC })));
    expect((await handleSnsRequest(other, null, d)).status).toBe(403);
    const tampered = {
      ...sns.sign(notification()),
      Message: JSON.stringify({ JobId: "job-2", StatusCode: "Succeeded" }),
    };
    expect((await handleSnsRequest(JSON.stringify(tampered), null, d)).status).toBe(403);
    expect(
      (await handleSnsRequest(JSON.stringify(sns.sign(notification())), "SubscriptionConfirmation", d))
        .status,
    ).toBe(400);
    expect((await handleSnsRequest("{", null, d)).status).toBe(400);
    expect(applied).toHaveLength(before);
  });

  it("confirms subscriptions for allowed topics only, by visiting SubscribeURL", async () => {
    const d = await deps();
    const confirmation = (topic: string) =>
      JSON.stringify(
        sns.sign({
          Type: "SubscriptionConfirmation" as const,
          MessageId: randomUUID(),
          TopicArn: topic,
          Token: "token-123",
          Message: "You have chosen to subscribe to the topic",
          SubscribeURL: `${sns.url}confirm?Token=token-123`,
          Timestamp: new Date().toISOString(),
        }),
      );
    const seen = sns.confirmations.length;
    expect((await handleSnsRequest(confirmation(OTHER_TOPIC), "SubscriptionConfirmation", d)).status).toBe(
      403,
    );
    expect(sns.confirmations).toHaveLength(seen);
    expect(await handleSnsRequest(confirmation(TOPIC), "SubscriptionConfirmation", d)).toEqual({
      status: 200,
      body: { ok: true, message: "Subscription confirmed." },
    });
    expect(sns.confirmations.slice(seen)).toEqual(["/sns/confirm?Token=token-123"]);
    const rows = await d.db?.selectFrom("sns_subscriptions").selectAll().execute();
    expect(rows?.map((r) => [r.topic_arn, r.status])).toEqual([[TOPIC, "confirmed"]]);
  });
});
