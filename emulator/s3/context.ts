import { randomBytes } from "node:crypto";
import { type IncomingMessage, type ServerResponse } from "node:http";
import { readHeader } from "../http/context";
import { type EmulatorServices } from "../module";
import { DEFAULTS } from "../options";
import { S3_CLOCK, parseAuthorization, signedRegion, verifySigV4 } from "../sigv4";
import { S3Error, accessDenied } from "./errors";
import { type S3Runtime, s3Runtime } from "./runtime";
import { type XmlNode, xmlDocument } from "./xml";

export const S3_XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/";
const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

export interface S3Context {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  services: EmulatorServices;
  s3: S3Runtime;
  method: string;
  bucket: string | undefined;
  key: string | undefined;
  query: URLSearchParams;
  /** False for unsigned requests (allowed only where an object's ACL grants everyone READ). */
  authenticated: boolean;
  region: string;
}

function splitTarget(url: string): { rawPath: string; rawQuery: string } {
  const q = url.indexOf("?");
  return { rawPath: q < 0 ? url : url.slice(0, q), rawQuery: q < 0 ? "" : url.slice(q + 1) };
}

/** The SigV4 service a request is signed for, if it carries a signature at all. */
function signedService(req: IncomingMessage): string | undefined {
  const { rawPath, rawQuery } = splitTarget(req.url ?? "/");
  try {
    return parseAuthorization({ method: req.method ?? "GET", rawPath, rawQuery, rawHeaders: req.rawHeaders })
      .service;
  } catch {
    return undefined;
  }
}

function firstSegment(url: string): string {
  const { rawPath } = splitTarget(url);
  const segment = rawPath.split("/")[1] ?? "";
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * S3 requests share the port with Glacier: they are signed for service `s3`, or, unsigned, address an
 * existing bucket path-style (Glacier paths start with `-` or a 12-digit account id, never a bucket).
 */
export function isS3Request(req: IncomingMessage, services: EmulatorServices): boolean {
  const service = signedService(req);
  if (service !== undefined) return service === "s3";
  const hasAuth =
    readHeader(req, "authorization") !== undefined || (req.url ?? "").includes("X-Amz-Algorithm");
  if (hasAuth) return false;
  const bucket = firstSegment(req.url ?? "/");
  return bucket !== "" && !/^(-|\d{12})$/.test(bucket) && s3Runtime(services).repo.bucketExists(bucket);
}

/**
 * Verifies the signature the way S3 computes it: the path is signed as sent (no normalising or second
 * encoding) and the payload hash is `x-amz-content-sha256` (required for header auth; presigned URLs
 * sign UNSIGNED-PAYLOAD). Streaming bodies are checked against that hash as they are read.
 */
function authenticate(
  services: EmulatorServices,
  req: IncomingMessage,
): { authenticated: boolean; region: string } {
  const { rawPath, rawQuery } = splitTarget(req.url ?? "/");
  const signed = { method: req.method ?? "GET", rawPath, rawQuery, rawHeaders: req.rawHeaders };
  const region = signedRegion(signed);
  // --no-auth accepts every request, signed or not.
  if (!services.options.auth) return { authenticated: true, region: region ?? DEFAULTS.region };
  if (region === undefined) return { authenticated: false, region: DEFAULTS.region };
  const query = rawQuery.includes("X-Amz-Algorithm");
  // A presigned URL signs the empty body's hash or UNSIGNED-PAYLOAD (the verifier tries the latter too).
  const payloadHash = readHeader(req, "x-amz-content-sha256") ?? (query ? EMPTY_SHA256 : undefined);
  if (payloadHash === undefined) {
    throw new S3Error(
      400,
      "InvalidRequest",
      "Missing required header for this request: x-amz-content-sha256",
    );
  }
  const { options } = services;
  verifySigV4(signed, {
    secretFor: (id) => (id === options.accessKeyId ? options.secretAccessKey : undefined),
    payloadHash,
    now: services.now(),
    service: "s3",
    canonicalUri: (path) => path,
    clock: S3_CLOCK,
  });
  return { authenticated: true, region };
}

function parseKey(rawPath: string): { bucket: string | undefined; key: string | undefined } {
  const rest = rawPath.replace(/^\//, "");
  if (rest === "") return { bucket: undefined, key: undefined };
  const slash = rest.indexOf("/");
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw new S3Error(400, "InvalidURI", "Couldn't parse the specified URI.");
    }
  };
  if (slash < 0 || slash === rest.length - 1)
    return { bucket: decode(rest.replace(/\/$/, "")), key: undefined };
  return { bucket: decode(rest.slice(0, slash)), key: decode(rest.slice(slash + 1)) };
}

export function createS3Context(
  services: EmulatorServices,
  req: IncomingMessage,
  res: ServerResponse,
): S3Context {
  const requestId = randomBytes(8).toString("hex").toUpperCase();
  res.setHeader("x-amz-request-id", requestId);
  res.setHeader("x-amz-id-2", randomBytes(24).toString("base64"));
  res.setHeader("Server", "AmazonS3");
  const { rawPath, rawQuery } = splitTarget(req.url ?? "/");
  const { bucket, key } = parseKey(rawPath);
  const ctx: S3Context = {
    req,
    res,
    requestId,
    services,
    s3: s3Runtime(services),
    method: req.method ?? "GET",
    bucket,
    key,
    query: new URLSearchParams(rawQuery),
    authenticated: false,
    region: DEFAULTS.region,
  };
  return ctx;
}

/** Authenticates the request; unsigned requests pass only where the handler then checks the ACL. */
export function authenticateS3(ctx: S3Context): void {
  const { authenticated, region } = authenticate(ctx.services, ctx.req);
  ctx.authenticated = authenticated;
  ctx.region = region;
}

export function requireAuthenticated(ctx: S3Context): void {
  if (!ctx.authenticated) throw accessDenied();
}

export function sendXml(
  ctx: S3Context,
  status: number,
  root: XmlNode,
  headers: Record<string, string> = {},
): void {
  const body = Buffer.from(xmlDocument(root), "utf8");
  ctx.res.writeHead(status, {
    ...headers,
    "Content-Type": "application/xml",
    "Content-Length": String(body.length),
  });
  ctx.res.end(body);
}

export function sendS3Error(ctx: S3Context, err: S3Error): void {
  const { res } = ctx;
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  if (ctx.method === "HEAD") {
    res.writeHead(err.status, { "Content-Length": "0" });
    res.end();
    return;
  }
  const details = Object.entries(err.details).map(([name, value]) => ({ name, children: [value] }));
  sendXml(ctx, err.status, {
    name: "Error",
    children: [
      { name: "Code", children: [err.code] },
      { name: "Message", children: [err.message] },
      ...details,
      { name: "RequestId", children: [ctx.requestId] },
    ],
  });
}
