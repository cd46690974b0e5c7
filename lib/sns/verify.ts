import "server-only";
import { verify as verifySignature } from "node:crypto";
import { certSource } from "./cert-url";
import { type CertificateFetcher } from "./certificates";
import { SIGNATURE_ALGORITHMS, type SnsMessage, snsMessageSchema, stringToSign } from "./message";

export type VerifyOptions = {
  fetchCertificate: CertificateFetcher;
  localCertUrl: string | undefined;
  now?: number;
  /** How old a message may be (replays of older ones are refused even after their id is forgotten). */
  maxAgeMs?: number;
};

export type Verified = { ok: true; message: SnsMessage } | { ok: false; reason: string };

const DEFAULT_MAX_AGE_MS = 60 * 60_000;
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** Shape, certificate origin, time window, certificate validity and the RSA signature, in that order. */
export async function verifySnsMessage(body: unknown, options: VerifyOptions): Promise<Verified> {
  const parsed = snsMessageSchema.safeParse(body);
  if (!parsed.success) return { ok: false, reason: "not an SNS message" };
  const message = parsed.data;
  if (!certSource(message.SigningCertURL, message.TopicArn, options.localCertUrl)) {
    return { ok: false, reason: "untrusted SigningCertURL" };
  }
  const now = options.now ?? Date.now();
  const age = now - Date.parse(message.Timestamp);
  if (!(age <= (options.maxAgeMs ?? DEFAULT_MAX_AGE_MS) && age >= -MAX_CLOCK_SKEW_MS)) {
    return { ok: false, reason: "timestamp outside the accepted window" };
  }
  let certificate;
  try {
    certificate = await options.fetchCertificate(message.SigningCertURL);
  } catch {
    return { ok: false, reason: "signing certificate unavailable" };
  }
  if (now < Date.parse(certificate.validFrom) || now > Date.parse(certificate.validTo)) {
    return { ok: false, reason: "signing certificate expired or not yet valid" };
  }
  const signed = verifySignature(
    SIGNATURE_ALGORITHMS[message.SignatureVersion],
    Buffer.from(stringToSign(message), "utf8"),
    certificate.publicKey,
    Buffer.from(message.Signature, "base64"),
  );
  return signed ? { ok: true, message } : { ok: false, reason: "bad signature" };
}
