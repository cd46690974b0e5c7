import { type EmulatorServices } from "../module";
import { perServices } from "../per-services";
import { isoMillis } from "../rules/dates";
import { type SnsMessage, confirmationEnvelope, notificationEnvelope } from "./envelope";
import { type SigningKey, SigningKeys } from "./keys";
import { type Subscription, SubscriptionRepository } from "./subscriptions";

/**
 * Delays before each retry (about 36 s in all, so an endpoint that starts a little after the emulator,
 * as the dashboard does in the launchers, still gets its SubscriptionConfirmation); then the delivery
 * is given up and logged.
 */
export const RETRY_DELAYS_MS = [500, 1500, 4500, 10_000, 20_000] as const;
const ATTEMPT_TIMEOUT_MS = 5000;
const USER_AGENT = "Amazon Simple Notification Service Agent";

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/**
 * SNS delivery for one emulator instance: topic → HTTP endpoint from `--sns-endpoint`, messages signed
 * with the data directory's key. Messages wait until the server listens (their URLs need its address).
 * Deliveries are retried with backoff; failures are logged, never thrown.
 */
export class SnsRuntime {
  readonly subscriptions: SubscriptionRepository;
  readonly keys: SigningKeys;
  private baseUrl: string | undefined;
  private readonly waiting: Array<() => void> = [];
  private readonly abort = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly services: EmulatorServices) {
    this.subscriptions = new SubscriptionRepository(services.store.db);
    this.keys = new SigningKeys(services.storage.dataDir);
  }

  /** The server's address is known: flush waiting messages and confirm newly configured endpoints. */
  listening(url: string): void {
    this.baseUrl = url;
    for (const resume of this.waiting.splice(0)) resume();
    const now = isoMillis(this.services.now());
    for (const [topicArn, endpoint] of Object.entries(this.services.options.snsEndpoints)) {
      const { subscription, created } = this.subscriptions.ensure(topicArn, endpoint, now);
      if (created) void this.track(this.sendConfirmation(subscription));
    }
  }

  /**
   * Publishes to the topic's configured endpoint, if any. Resolves true once the message was
   * delivered, given up or had nowhere to go; false when the server closed first (send it again later).
   */
  async publish(topicArn: string, subject: string, message: string): Promise<boolean> {
    const endpoint = this.services.options.snsEndpoints[topicArn];
    if (endpoint === undefined) {
      this.services.log(`[sns] no --sns-endpoint for ${topicArn}; message dropped`);
      return true;
    }
    await this.track(this.sendNotification(topicArn, endpoint, subject, message));
    return !this.abort.signal.aborted;
  }

  async close(): Promise<void> {
    this.abort.abort();
    for (const resume of this.waiting.splice(0)) resume();
    await Promise.allSettled([...this.inFlight]);
  }

  private track(work: Promise<void>): Promise<void> {
    const guarded = work.catch((err: unknown) => this.services.log(`[sns] ${String(err)}`));
    this.inFlight.add(guarded);
    void guarded.finally(() => this.inFlight.delete(guarded));
    return guarded;
  }

  private async ready(): Promise<{ url: string; key: SigningKey } | undefined> {
    if (this.baseUrl === undefined) await new Promise<void>((resolve) => this.waiting.push(resolve));
    const url = this.baseUrl;
    if (url === undefined || this.abort.signal.aborted) return undefined;
    return { url, key: await this.keys.get() };
  }

  private signing(url: string, key: SigningKey) {
    return {
      version: this.services.options.snsSignatureVersion,
      keyPem: key.keyPem,
      certUrl: `${url}/sns/${key.certName}`,
    };
  }

  private async sendNotification(
    topicArn: string,
    endpoint: string,
    subject: string,
    message: string,
  ): Promise<void> {
    const context = await this.ready();
    if (!context) return;
    const now = isoMillis(this.services.now());
    const { subscription } = this.subscriptions.ensure(topicArn, endpoint, now);
    if (subscription.unsubscribedAt !== null) return;
    const unsubscribeUrl = `${context.url}/sns/unsubscribe?SubscriptionArn=${encodeURIComponent(subscription.arn)}`;
    const body = notificationEnvelope(
      { topicArn, subject, message, unsubscribeUrl, now: this.services.now() },
      this.signing(context.url, context.key),
    );
    await this.deliver(subscription, body);
  }

  private async sendConfirmation(subscription: Subscription): Promise<void> {
    const context = await this.ready();
    if (!context) return;
    const subscribeUrl = `${context.url}/sns/confirm?Token=${subscription.token}`;
    const body = confirmationEnvelope(
      { topicArn: subscription.topicArn, token: subscription.token, subscribeUrl, now: this.services.now() },
      this.signing(context.url, context.key),
    );
    await this.deliver(subscription, body);
  }

  private async deliver(subscription: Subscription, body: SnsMessage): Promise<void> {
    const headers: Record<string, string> = {
      "Content-Type": "text/plain; charset=UTF-8",
      "User-Agent": USER_AGENT,
      "x-amz-sns-message-type": body.Type ?? "",
      "x-amz-sns-message-id": body.MessageId ?? "",
      "x-amz-sns-topic-arn": subscription.topicArn,
    };
    if (body.Type === "Notification") headers["x-amz-sns-subscription-arn"] = subscription.arn;
    const payload = JSON.stringify(body);
    let last = "";
    for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt++) {
      if (attempt > 0) await sleep(RETRY_DELAYS_MS[attempt - 1] ?? 0, this.abort.signal);
      if (this.abort.signal.aborted) return;
      try {
        const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]);
        const res = await fetch(subscription.endpoint, { method: "POST", headers, body: payload, signal });
        await res.arrayBuffer();
        if (res.ok) return;
        last = `HTTP ${res.status}`;
      } catch (err) {
        last = err instanceof Error ? err.message : String(err);
      }
    }
    this.services.log(
      `[sns] giving up ${body.Type ?? "message"} ${body.MessageId ?? ""} to ${subscription.endpoint}: ${last}`,
    );
  }
}

const runtimes = perServices((services) => new SnsRuntime(services));

export const snsRuntime = runtimes.get;
/** The runtime only if it was created (closing must not create one). */
export const existingSnsRuntime = runtimes.existing;
