import { createHash } from "node:crypto";
import { type IncomingMessage } from "node:http";
import { type EmulatorServices } from "../module";
import { DEFAULTS } from "../options";
import { type SignedRequest, UNSIGNED_PAYLOAD, signedRegion, verifySigV4 } from "../sigv4";
import { readHeader } from "./context";
import { checksumMismatch, missingHeader } from "./errors";

/**
 * For buffered bodies the `x-amz-content-sha256` header (which the SDK signs for Glacier) must match
 * the bytes; without it the body hash itself is what was signed.
 */
function bufferedPayloadHash(req: IncomingMessage, body: Buffer): string {
  const actual = createHash("sha256").update(body).digest("hex");
  const claimed = readHeader(req, "x-amz-content-sha256");
  if (claimed === undefined) return actual;
  if (claimed !== UNSIGNED_PAYLOAD && claimed.toLowerCase() !== actual)
    throw checksumMismatch(claimed, actual);
  return claimed;
}

/**
 * Streaming uploads are signed with the claimed content hash before any byte is read; the upload
 * handler then checks the streamed bytes against that same header.
 */
function streamingPayloadHash(req: IncomingMessage): string {
  const claimed = readHeader(req, "x-amz-content-sha256");
  if (claimed === undefined || claimed === "") throw missingHeader("x-amz-content-sha256");
  return claimed;
}

/** Checks the request's SigV4 signature (unless --no-auth) and returns the region it was signed for. */
export function authenticate(
  services: EmulatorServices,
  req: IncomingMessage,
  signed: SignedRequest,
  body: Buffer | "stream",
): string {
  const payloadHash = body === "stream" ? streamingPayloadHash(req) : bufferedPayloadHash(req, body);
  const { options } = services;
  if (!options.auth) return signedRegion(signed) ?? DEFAULTS.region;
  const auth = verifySigV4(signed, {
    secretFor: (id) => (id === options.accessKeyId ? options.secretAccessKey : undefined),
    payloadHash,
    now: services.now(),
    service: "glacier",
  });
  return auth.region;
}
