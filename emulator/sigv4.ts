import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { safeDecode } from "../lib/glacier/text";
import { GlacierError } from "./http/errors";

/**
 * AWS Signature Version 4 verification, mirroring what @smithy/signature-v4 and botocore compute:
 * double-encoded normalised path, decoded-then-re-encoded sorted query, trimmed signed headers, and
 * the payload hash taken from `x-amz-content-sha256` (the SDK signs Glacier's real payload hash).
 */

export const ALGORITHM = "AWS4-HMAC-SHA256";
export const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
/**
 * How far a request's signing time may be from the server's clock, and the error past it. Glacier (like
 * every JSON-protocol service) allows 5 minutes and answers 403 InvalidSignatureException "Signature
 * expired: … (… - 5 min.)" / "Signature not yet current: … (… + 5 min.)"; the wording is AWS's as quoted
 * in SDK issue threads (e.g. github.com/aws/aws-sdk-js/issues/254, serverless/enterprise#11) and the
 * status is api-error-responses.html's for InvalidSignatureException. S3 allows 15 minutes and answers
 * 403 RequestTimeTooSkewed (AmazonS3/latest/API/ErrorResponses.html).
 */
export interface ClockRule {
  maxSkewMs: number;
  /** The error for a request signed at `signedAt`, `ahead` when it is in the server's future. */
  refuse: (signedAt: string, now: Date, ahead: boolean) => GlacierError;
}

export const GLACIER_CLOCK: ClockRule = {
  maxSkewMs: 5 * 60 * 1000,
  refuse: (signedAt, now, ahead) => {
    const bound = toAmzDate(new Date(now.getTime() + (ahead ? 1 : -1) * 5 * 60 * 1000));
    return invalidSignature(
      ahead
        ? `Signature not yet current: ${signedAt} is still later than ${bound} (${toAmzDate(now)} + 5 min.)`
        : `Signature expired: ${signedAt} is now earlier than ${bound} (${toAmzDate(now)} - 5 min.)`,
    );
  },
};

export const S3_CLOCK: ClockRule = {
  maxSkewMs: 15 * 60 * 1000,
  refuse: () =>
    new GlacierError(
      403,
      "RequestTimeTooSkewed",
      "The difference between the request time and the current time is too large.",
    ),
};

export interface SignedRequest {
  method: string;
  /** Path exactly as received (still percent-encoded), without the query. */
  rawPath: string;
  /** Query string as received, without `?`. */
  rawQuery: string;
  /** Node's flat `rawHeaders` list: name, value, name, value, … */
  rawHeaders: readonly string[];
}

export interface Authorization {
  source: "header" | "query";
  accessKeyId: string;
  shortDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  /** ISO 8601 basic signing time, e.g. 20120525T002453Z. */
  amzDate: string;
  /** Presigned URLs only. */
  expiresSeconds?: number;
}

export interface VerifyOptions {
  secretFor: (accessKeyId: string) => string | undefined;
  payloadHash: string;
  now: Date;
  service: string;
  /** How the path is canonicalised; S3 signs the path as sent (no normalising, no second encoding). */
  canonicalUri?: (rawPath: string) => string;
  /** The allowed clock skew and its error; Glacier's by default. */
  clock?: ClockRule;
}

const incomplete = (message: string) => new GlacierError(400, "IncompleteSignatureException", message);
const invalidSignature = (message: string) => new GlacierError(403, "InvalidSignatureException", message);

/** Percent-encodes everything but RFC 3986 unreserved characters (smithy `escapeUri`, botocore `quote`). */
export function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Non-S3 services sign the already-encoded path encoded once more, after dot-segment removal. */
export function canonicalPath(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && rawPath.endsWith("/") ? "/" : "";
  const normalized = `${rawPath.startsWith("/") ? "/" : ""}${segments.join("/")}${trailing}`;
  return escapeUri(normalized).replace(/%2F/g, "/");
}

export function queryPairs(rawQuery: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const piece of rawQuery.split("&")) {
    if (piece === "") continue;
    const eq = piece.indexOf("=");
    const key = eq < 0 ? piece : piece.slice(0, eq);
    const value = eq < 0 ? "" : piece.slice(eq + 1);
    pairs.push([safeDecode(key), safeDecode(value)]);
  }
  return pairs;
}

export function canonicalQuery(rawQuery: string): string {
  return queryPairs(rawQuery)
    .filter(([key]) => key.toLowerCase() !== "x-amz-signature")
    .map(([key, value]) => [escapeUri(key), escapeUri(value)] as const)
    .sort(([ak, av], [bk, bv]) => (ak === bk ? compare(av, bv) : compare(ak, bk)))
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Header values by lower-case name, repeated headers kept in arrival order. */
export function headerValues(rawHeaders: readonly string[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? "").toLowerCase();
    const list = map.get(name) ?? [];
    list.push(rawHeaders[i + 1] ?? "");
    map.set(name, list);
  }
  return map;
}

export function canonicalRequest(
  req: SignedRequest,
  signedHeaders: readonly string[],
  payloadHash: string,
  canonicalUri: (rawPath: string) => string = canonicalPath,
): string {
  const values = headerValues(req.rawHeaders);
  const lines = signedHeaders.map((name) => {
    const joined = (values.get(name) ?? []).map((v) => v.trim().replace(/\s+/g, " ")).join(",");
    return `${name}:${joined}`;
  });
  return [
    req.method,
    canonicalUri(req.rawPath),
    canonicalQuery(req.rawQuery),
    ...lines,
    "",
    signedHeaders.join(";"),
    payloadHash,
  ].join("\n");
}

export function credentialScope(auth: Pick<Authorization, "shortDate" | "region" | "service">): string {
  return `${auth.shortDate}/${auth.region}/${auth.service}/aws4_request`;
}

export function signingKey(secret: string, shortDate: string, region: string, service: string): Buffer {
  let key: Buffer = Buffer.from(`AWS4${secret}`, "utf8");
  for (const part of [shortDate, region, service, "aws4_request"]) {
    key = createHmac("sha256", key).update(part, "utf8").digest();
  }
  return key;
}

export function computeSignature(
  req: SignedRequest,
  auth: Authorization,
  secret: string,
  payloadHash: string,
  canonicalUri?: (rawPath: string) => string,
): string {
  const canonical = canonicalRequest(req, auth.signedHeaders, payloadHash, canonicalUri);
  const toSign = [
    ALGORITHM,
    auth.amzDate,
    credentialScope(auth),
    createHash("sha256").update(canonical, "utf8").digest("hex"),
  ].join("\n");
  const key = signingKey(secret, auth.shortDate, auth.region, auth.service);
  return createHmac("sha256", key).update(toSign, "utf8").digest("hex");
}

function parseCredential(
  credential: string,
): Pick<Authorization, "accessKeyId" | "shortDate" | "region" | "service"> {
  const parts = credential.split("/");
  const [accessKeyId, shortDate, region, service, terminator] = parts;
  if (
    parts.length !== 5 ||
    !accessKeyId ||
    !shortDate ||
    !region ||
    !service ||
    terminator !== "aws4_request"
  ) {
    throw incomplete(
      `Credential should be of the form <key>/<date>/<region>/<service>/aws4_request; got '${credential}'.`,
    );
  }
  return { accessKeyId, shortDate, region, service };
}

function parseHeaderAuthorization(value: string, values: Map<string, string[]>): Authorization {
  const match = /^(\S+)\s+(.*)$/s.exec(value.trim());
  if (!match || match[1] !== ALGORITHM) {
    throw incomplete(`Unsupported authorization algorithm; only ${ALGORITHM} is accepted.`);
  }
  const fields = new Map<string, string>();
  for (const part of (match[2] ?? "").split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get("Credential");
  const signedHeaders = fields.get("SignedHeaders");
  const signature = fields.get("Signature");
  if (!credential || !signedHeaders || !signature) {
    throw incomplete(
      "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.",
    );
  }
  return {
    source: "header",
    ...parseCredential(credential),
    signedHeaders: signedHeaders.split(";"),
    signature,
    amzDate: signingTime(values),
  };
}

function parseQueryAuthorization(query: Map<string, string>): Authorization {
  const credential = query.get("X-Amz-Credential");
  const signedHeaders = query.get("X-Amz-SignedHeaders");
  const signature = query.get("X-Amz-Signature");
  const amzDate = query.get("X-Amz-Date");
  const expires = query.get("X-Amz-Expires");
  if (query.get("X-Amz-Algorithm") !== ALGORITHM) throw incomplete(`X-Amz-Algorithm must be ${ALGORITHM}.`);
  if (!credential || !signedHeaders || !signature || !amzDate || !expires || !/^\d+$/.test(expires)) {
    throw incomplete(
      "Presigned URL requires X-Amz-Credential, X-Amz-SignedHeaders, X-Amz-Signature, X-Amz-Date and X-Amz-Expires.",
    );
  }
  return {
    source: "query",
    ...parseCredential(credential),
    signedHeaders: signedHeaders.split(";"),
    signature,
    amzDate,
    expiresSeconds: Number(expires),
  };
}

/** `x-amz-date` wins over `Date` (glacier-api.md §1.2); the result is ISO 8601 basic. */
function signingTime(values: Map<string, string[]>): string {
  const amz = values.get("x-amz-date")?.[0]?.trim();
  if (amz) return amz;
  const date = values.get("date")?.[0]?.trim();
  if (!date) throw incomplete("Request must contain an x-amz-date or Date header.");
  if (/^\d{8}T\d{6}Z$/.test(date)) return date;
  const parsed = Date.parse(date);
  if (Number.isNaN(parsed)) throw incomplete(`Date header is not a valid date: ${date}`);
  return toAmzDate(new Date(parsed));
}

export function toAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

export function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}

/** Parses whichever form of SigV4 authorization the request carries. Throws the AWS error otherwise. */
export function parseAuthorization(req: SignedRequest): Authorization {
  const values = headerValues(req.rawHeaders);
  const header = values.get("authorization")?.[0];
  if (header !== undefined) return parseHeaderAuthorization(header, values);
  const query = new Map(queryPairs(req.rawQuery));
  if (query.has("X-Amz-Algorithm")) return parseQueryAuthorization(query);
  throw new GlacierError(400, "MissingAuthenticationTokenException", "Missing Authentication Token");
}

/** The region a request was signed for, without verifying it (used with --no-auth). */
export function signedRegion(req: SignedRequest): string | undefined {
  try {
    return parseAuthorization(req).region;
  } catch {
    return undefined;
  }
}

function checkTime(auth: Authorization, now: Date, clock: ClockRule): void {
  const signedAt = parseAmzDate(auth.amzDate);
  if (!signedAt) throw incomplete(`Date must be in ISO 8601 basic format; got '${auth.amzDate}'.`);
  if (auth.amzDate.slice(0, 8) !== auth.shortDate) {
    throw invalidSignature(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.shortDate}' != '${auth.amzDate.slice(0, 8)}'`,
    );
  }
  const skew = signedAt.getTime() - now.getTime();
  if (skew > clock.maxSkewMs) throw clock.refuse(auth.amzDate, now, true);
  if (auth.source === "query") {
    if (-skew > (auth.expiresSeconds ?? 0) * 1000)
      throw new GlacierError(403, "AccessDeniedException", "Request has expired.");
    return;
  }
  if (-skew > clock.maxSkewMs) throw clock.refuse(auth.amzDate, now, false);
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Verifies the request's signature; returns the parsed authorization or throws the AWS error. */
export function verifySigV4(req: SignedRequest, options: VerifyOptions): Authorization {
  const auth = parseAuthorization(req);
  const secret = options.secretFor(auth.accessKeyId);
  if (secret === undefined) {
    // api-error-responses.html: UnrecognizedClientException is a 400 (S3 maps it to 403 InvalidAccessKeyId).
    throw new GlacierError(
      400,
      "UnrecognizedClientException",
      "The security token included in the request is invalid.",
    );
  }
  if (auth.service !== options.service) {
    throw invalidSignature(`Credential should be scoped to correct service: '${options.service}'.`);
  }
  if (!auth.signedHeaders.includes("host")) throw invalidSignature("'Host' must be a signed header.");
  checkTime(auth, options.now, options.clock ?? GLACIER_CLOCK);
  // Presigned URLs may sign either the empty-body hash or UNSIGNED-PAYLOAD.
  const candidates =
    auth.source === "query" ? [options.payloadHash, UNSIGNED_PAYLOAD] : [options.payloadHash];
  const matches = (hash: string) =>
    sameHex(computeSignature(req, auth, secret, hash, options.canonicalUri), auth.signature);
  if (candidates.some(matches)) return auth;
  throw invalidSignature(
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
  );
}
