/**
 * S3's checksum of a multipart object created with a checksum algorithm: COMPOSITE, the checksum of
 * the concatenated binary part checksums, then `-<part count>`
 * (docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html, "Using part-level
 * checksums for multipart uploads"). One home for the rule: the copy knows from its chunks' recorded
 * SHA-256s what a completed upload's object must state, and the emulator states it.
 */
import { createHash } from "node:crypto";

/** The composite checksum of parts with these base64 checksums; `digest` is the algorithm's. */
export function compositeChecksum(partChecksums: readonly string[], digest: (raw: Buffer) => Buffer): string {
  const raw = Buffer.concat(partChecksums.map((p) => Buffer.from(p, "base64")));
  return `${digest(raw).toString("base64")}-${partChecksums.length}`;
}

/** The composite SHA-256 of parts with these base64 SHA-256s (what Thaw's S3 copies state). */
export function compositeSha256(partChecksums: readonly string[]): string {
  return compositeChecksum(partChecksums, (raw) => createHash("sha256").update(raw).digest());
}

/**
 * Whether an object checksum S3 stated is the composite `expected` (`<base64>-<n>`). S3 states it
 * with the part count on CompleteMultipartUpload and HeadObject, without it in GetObjectAttributes:
 * the digest must match, and the count too when there is one.
 */
export function sameCompositeChecksum(stated: string, expected: string): boolean {
  const [digest, count] = stated.split("-");
  const [expectedDigest, expectedCount] = expected.split("-");
  return digest === expectedDigest && (count === undefined || count === expectedCount);
}
