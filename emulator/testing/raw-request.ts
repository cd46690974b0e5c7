import { type Hash, type Hmac, createHash, createHmac } from "node:crypto";
import { request } from "node:http";
// The SDK's own signer (installed with @aws-sdk/client-glacier): an independent implementation to check ours against.
import { SignatureV4 } from "@smithy/signature-v4";
import { DEMO_CREDENTIALS } from "./harness";

function toBytes(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === "string") return Buffer.from(data, "utf8");
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** The hash interface @smithy/signature-v4 expects, backed by node:crypto. */
export class NodeSha256 {
  private hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", toBytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    this.hash = createHash("sha256");
  }
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json(): Record<string, unknown>;
}

export interface RawRequestOptions {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Sign with SigV4 the way the SDK does (default true). */
  sign?: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  signingDate?: Date;
  region?: string;
}

/** Headers as the SDK would send them, signed with @smithy/signature-v4 when asked. */
export async function buildRequest(
  baseUrl: string,
  opts: RawRequestOptions,
): Promise<{ url: URL; headers: Record<string, string> }> {
  const url = new URL(opts.path, baseUrl);
  const body = opts.body === undefined ? Buffer.alloc(0) : Buffer.from(opts.body);
  const headers: Record<string, string> = {
    host: url.host,
    "x-amz-glacier-version": "2012-06-01",
    "x-amz-content-sha256": createHash("sha256").update(body).digest("hex"),
    ...opts.headers,
  };
  if (opts.sign === false) return { url, headers };
  const signer = new SignatureV4({
    service: "glacier",
    region: opts.region ?? "us-east-1",
    credentials: opts.credentials ?? DEMO_CREDENTIALS,
    sha256: NodeSha256,
  });
  const query: Record<string, string> = {};
  url.searchParams.forEach((value, key) => (query[key] = value));
  const signed = await signer.sign(
    {
      method: opts.method,
      protocol: "http:",
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query,
      headers,
      body,
    },
    { signingDate: opts.signingDate },
  );
  return { url, headers: signed.headers };
}

/** One HTTP request with full control over headers and body; resolves with the response. */
export async function rawRequest(baseUrl: string, opts: RawRequestOptions): Promise<RawResponse> {
  const { url, headers } = await buildRequest(baseUrl, opts);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body,
          json: () => JSON.parse(body) as Record<string, unknown>,
        });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(opts.body);
  });
}
