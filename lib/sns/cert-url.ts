import { parseSnsTopicArn } from "@/lib/glacier/sns";

/**
 * Where a signing certificate may come from (formats.md §3.4): https, host `sns.<region>.amazonaws.com`
 * (or `.amazonaws.com.cn`) in the topic's own region, path `/SimpleNotificationService-<id>.pem`, no
 * port, credentials, query or fragment. Or, when configured, the embedded server's certificate URL
 * prefix (THAW_SNS_LOCAL_CERT_URL): same origin, a `SimpleNotificationService-<id>.pem` right under it.
 */

const AWS_HOST = /^sns\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(\.cn)?$/;
const CERT_FILE = /^SimpleNotificationService-[A-Za-z0-9]{1,64}\.pem$/;

export type CertSource = { kind: "aws" } | { kind: "local" };

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

function plain(url: URL): boolean {
  return url.username === "" && url.password === "" && url.search === "" && url.hash === "";
}

export function certSource(
  certUrl: string,
  topicArn: string,
  localPrefix: string | undefined,
): CertSource | undefined {
  const url = parse(certUrl);
  if (!url || !plain(url)) return undefined;
  if (localPrefix) {
    const prefix = parse(localPrefix);
    if (prefix && url.origin === prefix.origin) {
      const base = prefix.pathname.endsWith("/") ? prefix.pathname : `${prefix.pathname}/`;
      const file = url.pathname.startsWith(base) ? url.pathname.slice(base.length) : "";
      return CERT_FILE.test(file) ? { kind: "local" } : undefined;
    }
  }
  if (url.protocol !== "https:" || url.port !== "") return undefined;
  const host = AWS_HOST.exec(url.hostname);
  if (!host || !CERT_FILE.test(url.pathname.slice(1)) || url.pathname.indexOf("/", 1) !== -1)
    return undefined;
  // The certificate must come from the region the topic lives in.
  const topic = parseSnsTopicArn(topicArn);
  return topic.ok && topic.value.region === host[1] ? { kind: "aws" } : undefined;
}

/** SubscribeURL: the same rules for the host (AWS's SNS endpoint of the topic's region, or the embedded server). */
export function trustedSubscribeUrl(
  subscribeUrl: string,
  topicArn: string,
  localPrefix: string | undefined,
): boolean {
  const url = parse(subscribeUrl);
  if (!url || url.username !== "" || url.password !== "" || url.hash !== "") return false;
  if (localPrefix) {
    const prefix = parse(localPrefix);
    if (prefix && url.origin === prefix.origin) return true;
  }
  const host = AWS_HOST.exec(url.hostname);
  const topic = parseSnsTopicArn(topicArn);
  return (
    url.protocol === "https:" &&
    url.port === "" &&
    host !== null &&
    topic.ok &&
    topic.value.region === host[1]
  );
}
