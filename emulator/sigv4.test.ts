import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, it } from "vitest";
import { S3_CLOCK, type SignedRequest, canonicalQuery, verifySigV4 } from "./sigv4";
import { NodeSha256 } from "./testing/raw-request";

const CREDS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const NOW = new Date("2015-08-30T12:36:00Z");
const secretFor = (id: string) => (id === CREDS.accessKeyId ? CREDS.secretAccessKey : undefined);

function rawHeaders(headers: Record<string, string>): string[] {
  return Object.entries(headers).flatMap(([k, v]) => [k, v]);
}

/** Signs with the SDK's signer and returns the request as our server would receive it. */
async function sdkSigned(opts: {
  method?: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  payloadHash?: string;
  service?: string;
  region?: string;
  date?: Date;
}): Promise<SignedRequest> {
  const signer = new SignatureV4({
    service: opts.service ?? "glacier",
    region: opts.region ?? "us-east-1",
    credentials: CREDS,
    sha256: NodeSha256,
  });
  const headers = {
    host: "127.0.0.1:9090",
    "x-amz-content-sha256": opts.payloadHash ?? "UNSIGNED-PAYLOAD",
    ...opts.headers,
  };
  const signed = await signer.sign(
    {
      method: opts.method ?? "GET",
      protocol: "http:",
      hostname: "127.0.0.1",
      port: 9090,
      path: opts.path,
      query: opts.query ?? {},
      headers,
    },
    { signingDate: opts.date ?? NOW },
  );
  const rawQuery = Object.entries(opts.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join("&");
  return {
    method: opts.method ?? "GET",
    rawPath: opts.path,
    rawQuery,
    rawHeaders: rawHeaders(signed.headers),
  };
}

const verify = (req: SignedRequest, payloadHash = "UNSIGNED-PAYLOAD", now = NOW) =>
  verifySigV4(req, { secretFor, payloadHash, now, service: "glacier" });

describe("SigV4 verification", () => {
  it("accepts the AWS test-suite vector get-vanilla", () => {
    const req: SignedRequest = {
      method: "GET",
      rawPath: "/",
      rawQuery: "",
      rawHeaders: [
        "Host",
        "example.amazonaws.com",
        "X-Amz-Date",
        "20150830T123600Z",
        "Authorization",
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
      ],
    };
    const emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    expect(verifySigV4(req, { secretFor, payloadHash: emptyHash, now: NOW, service: "service" }).region).toBe(
      "us-east-1",
    );
  });

  it.each([
    ["/-/vaults", {}],
    ["/-/vaults", { limit: "5", marker: "arn:aws:glacier:us-east-1:123456789012:vaults/a b" }],
    ["/-/vaults/my.vault_1-x/archives/abc-DEF_ghi", {}],
    ["/-/vaults/v/tags", { operation: "add" }],
    ["/-/vaults/v/jobs", { statuscode: "Succeeded", completed: "true", marker: "x!y*z'(1)" }],
    ["/-/vaults/na%C3%AFve%20name", { "weird key": "ünïcode+plus=eq&amp" }],
  ])("accepts what the SDK signs: %s %j", async (path, query) => {
    const req = await sdkSigned({
      path,
      query,
      region: "eu-west-1",
      headers: { "x-amz-glacier-version": "2012-06-01", "x-custom": "  a   b  " },
    });
    expect(verify(req).region).toBe("eu-west-1");
  });

  it("uses the signed payload hash", async () => {
    const hash = "ab".repeat(32);
    const req = await sdkSigned({ method: "POST", path: "/-/vaults/v/archives", payloadHash: hash });
    expect(() => verify(req, hash)).not.toThrow();
    expect(() => verify(req, "cd".repeat(32))).toThrow(
      expect.objectContaining({ code: "InvalidSignatureException", status: 403 }),
    );
  });

  it("rejects a tampered header, path or query", async () => {
    const req = await sdkSigned({
      path: "/-/vaults/a",
      query: { limit: "2" },
      headers: { "x-amz-glacier-version": "2012-06-01" },
    });
    const tamperedHeader = {
      ...req,
      rawHeaders: req.rawHeaders.map((v) => (v === "2012-06-01" ? "2012-06-02" : v)),
    };
    for (const bad of [tamperedHeader, { ...req, rawPath: "/-/vaults/b" }, { ...req, rawQuery: "limit=3" }]) {
      expect(() => verify(bad)).toThrow(expect.objectContaining({ code: "InvalidSignatureException" }));
    }
  });

  it("maps credential problems to the AWS errors", async () => {
    const req = await sdkSigned({ path: "/-/vaults" });
    expect(() =>
      verifySigV4(req, {
        secretFor: () => undefined,
        payloadHash: "UNSIGNED-PAYLOAD",
        now: NOW,
        service: "glacier",
      }),
    ).toThrow(expect.objectContaining({ code: "UnrecognizedClientException", status: 400 }));
    expect(() =>
      verifySigV4(req, {
        secretFor: () => "wrong",
        payloadHash: "UNSIGNED-PAYLOAD",
        now: NOW,
        service: "glacier",
      }),
    ).toThrow(expect.objectContaining({ code: "InvalidSignatureException", status: 403 }));
    const s3 = await sdkSigned({ path: "/-/vaults", service: "s3" });
    expect(() => verify(s3)).toThrow(expect.objectContaining({ code: "InvalidSignatureException" }));
    const unsigned: SignedRequest = {
      method: "GET",
      rawPath: "/-/vaults",
      rawQuery: "",
      rawHeaders: ["Host", "x"],
    };
    expect(() => verify(unsigned)).toThrow(
      expect.objectContaining({ code: "MissingAuthenticationTokenException", status: 400 }),
    );
    const garbled = { ...unsigned, rawHeaders: ["Host", "x", "Authorization", "AWS4-HMAC-SHA256 nonsense"] };
    expect(() => verify(garbled)).toThrow(
      expect.objectContaining({ code: "IncompleteSignatureException", status: 400 }),
    );
  });

  // Glacier allows 5 minutes either way and answers InvalidSignatureException in AWS's words (sigv4.ts).
  it("refuses a signing time more than 5 minutes off with AWS's Signature expired / not yet current", async () => {
    const req = await sdkSigned({ path: "/-/vaults" });
    const at = (ms: number) => new Date(NOW.getTime() + ms);
    expect(() => verify(req, "UNSIGNED-PAYLOAD", at(5 * 60_000))).not.toThrow();
    expect(() => verify(req, "UNSIGNED-PAYLOAD", at(-5 * 60_000))).not.toThrow();
    expect(() => verify(req, "UNSIGNED-PAYLOAD", at(5 * 60_000 + 1000))).toThrow(
      expect.objectContaining({
        code: "InvalidSignatureException",
        status: 403,
        message:
          "Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T124101Z - 5 min.)",
      }),
    );
    expect(() => verify(req, "UNSIGNED-PAYLOAD", at(-5 * 60_000 - 1000))).toThrow(
      expect.objectContaining({
        code: "InvalidSignatureException",
        status: 403,
        message:
          "Signature not yet current: 20150830T123600Z is still later than 20150830T123559Z (20150830T123059Z + 5 min.)",
      }),
    );
  });

  it("keeps S3's 15-minute window and RequestTimeTooSkewed for the S3 endpoint", async () => {
    const req = await sdkSigned({ path: "/bucket/key", service: "s3" });
    const s3 = (now: Date) =>
      verifySigV4(req, {
        secretFor,
        payloadHash: "UNSIGNED-PAYLOAD",
        now,
        service: "s3",
        canonicalUri: (p) => p,
        clock: S3_CLOCK,
      });
    expect(() => s3(new Date(NOW.getTime() + 14 * 60_000))).not.toThrow();
    expect(() => s3(new Date(NOW.getTime() + 16 * 60_000))).toThrow(
      expect.objectContaining({ code: "RequestTimeTooSkewed", status: 403 }),
    );
  });

  it("accepts presigned URLs until they expire", async () => {
    const signer = new SignatureV4({
      service: "glacier",
      region: "us-west-2",
      credentials: CREDS,
      sha256: NodeSha256,
    });
    const presigned = await signer.presign(
      {
        method: "GET",
        protocol: "http:",
        hostname: "127.0.0.1",
        port: 9090,
        path: "/-/vaults",
        query: {},
        headers: { host: "127.0.0.1:9090" },
      },
      { signingDate: NOW, expiresIn: 300 },
    );
    const rawQuery = Object.entries(presigned.query ?? {})
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join("&");
    const req: SignedRequest = {
      method: "GET",
      rawPath: "/-/vaults",
      rawQuery,
      rawHeaders: ["host", "127.0.0.1:9090"],
    };
    const emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    expect(verify(req, emptyHash).region).toBe("us-west-2");
    expect(() => verify(req, emptyHash, new Date(NOW.getTime() + 301_000))).toThrow(
      expect.objectContaining({ status: 403 }),
    );
  });

  it("canonicalises queries like the SDK (sorted, RFC 3986 encoded)", () => {
    expect(canonicalQuery("b=2&a=x%20y&a=1&c")).toBe("a=1&a=x%20y&b=2&c=");
    expect(canonicalQuery("k=a!b*c")).toBe("k=a%21b%2Ac");
  });
});
