import { type IncomingMessage, type ServerResponse } from "node:http";
import { type EmulatorModule, type EmulatorServices } from "../module";
import { isoMillis } from "../rules/dates";
import { newRequestId } from "../rules/ids";
import { escapeXml } from "../s3/xml";
import { snsMigrations } from "./schema";
import { existingSnsRuntime, snsRuntime } from "./runtime";

const SNS_XMLNS = "http://sns.amazonaws.com/doc/2010-03-31/";

function sendXml(res: ServerResponse, status: number, body: string): void {
  const payload = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`, "utf8");
  res.writeHead(status, { "Content-Type": "text/xml", "Content-Length": String(payload.length) });
  res.end(payload);
}

function sendSnsError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  requestId: string,
): void {
  sendXml(
    res,
    status,
    `<ErrorResponse xmlns="${SNS_XMLNS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  );
}

/** `/sns/confirm?Token=`, `/sns/unsubscribe?SubscriptionArn=` and `/sns/SimpleNotificationService-….pem`. */
async function handle(services: EmulatorServices, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = newRequestId();
  res.setHeader("x-amzn-RequestId", requestId);
  const url = new URL(req.url ?? "/", "http://localhost");
  const runtime = snsRuntime(services);
  if (req.method !== "GET" && req.method !== "HEAD") {
    sendSnsError(res, 405, "InvalidAction", `${req.method ?? ""} is not supported here`, requestId);
    return;
  }
  const now = isoMillis(services.now());
  if (url.pathname === "/sns/confirm") {
    const subscription = runtime.subscriptions.confirm(url.searchParams.get("Token") ?? "", now);
    if (!subscription)
      return sendSnsError(res, 404, "NotFound", "No subscription has this token.", requestId);
    const result = `<ConfirmSubscriptionResult><SubscriptionArn>${escapeXml(subscription.arn)}</SubscriptionArn></ConfirmSubscriptionResult>`;
    return sendXml(
      res,
      200,
      `<ConfirmSubscriptionResponse xmlns="${SNS_XMLNS}">${result}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></ConfirmSubscriptionResponse>`,
    );
  }
  if (url.pathname === "/sns/unsubscribe") {
    if (!runtime.subscriptions.unsubscribe(url.searchParams.get("SubscriptionArn") ?? "", now)) {
      return sendSnsError(res, 404, "NotFound", "Subscription does not exist.", requestId);
    }
    return sendXml(
      res,
      200,
      `<UnsubscribeResponse xmlns="${SNS_XMLNS}"><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></UnsubscribeResponse>`,
    );
  }
  const key = await runtime.keys.existing();
  if (key && url.pathname === `/sns/${key.certName}`) {
    res.writeHead(200, {
      "Content-Type": "application/x-x509-ca-cert",
      "Content-Length": String(Buffer.byteLength(key.certPem)),
    });
    res.end(req.method === "HEAD" ? undefined : key.certPem);
    return;
  }
  sendSnsError(res, 404, "NotFound", `Nothing at ${url.pathname}`, requestId);
}

/**
 * SNS delivery for job notifications (used by the jobs module) and the few SNS URLs a receiver
 * follows: the signing certificate, subscription confirmation and unsubscribe.
 */
export const snsModule: EmulatorModule = {
  name: "sns",
  migrations: snsMigrations,
  register() {},
  listening(url, services) {
    snsRuntime(services).listening(url);
  },
  claimRequest(req, res, services) {
    if (!(req.url ?? "").startsWith("/sns/")) return false;
    handle(services, req, res).catch((err: unknown) => {
      services.log(`[sns] ${String(err)}`);
      if (!res.headersSent) sendSnsError(res, 500, "InternalError", "Internal error", "");
      else res.destroy();
    });
    return true;
  },
  async close(services) {
    await existingSnsRuntime(services)?.close();
  },
};
