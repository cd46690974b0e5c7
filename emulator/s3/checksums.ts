import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";
import { compositeChecksum as compositeOf } from "../../lib/glacier/s3-checksum";
import { readHeader } from "../http/context";
import { type S3Context } from "./context";
import { invalidRequest } from "./errors";

/**
 * S3's additional checksums (docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html):
 * a client sends `x-amz-checksum-<algorithm>` (base64) as a header, or as an aws-chunked trailer
 * named in `x-amz-trailer` (what @aws-sdk/client-s3 does for streamed bodies; it sends CRC32 by
 * default). S3 computes the same checksum over the bytes it received and refuses a mismatch
 * (BadDigest), storing nothing. CRC64NVME is accepted but not verified here.
 */
export const CHECKSUM_ALGORITHMS = ["CRC32", "CRC32C", "SHA1", "SHA256"] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

/** Base64 checksums by algorithm. */
export type Checksums = Partial<Record<ChecksumAlgorithm, string>>;

export function isChecksumAlgorithm(value: string): value is ChecksumAlgorithm {
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(value);
}

export const checksumHeader = (algorithm: ChecksumAlgorithm) => `x-amz-checksum-${algorithm.toLowerCase()}`;

/** The element name in CompleteMultipartUpload's Part and result, e.g. `ChecksumSHA256`. */
export const checksumElement = (algorithm: ChecksumAlgorithm) => `Checksum${algorithm}`;

interface Hasher {
  update(data: Buffer): void;
  /** Raw digest bytes (CRCs big-endian, as S3 encodes them). */
  digest(): Buffer;
}

/** CRC-32C (Castagnoli), reflected polynomial 0x82F63B78; zlib only has CRC-32. */
const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32c(data: Buffer, previous: number): number {
  let crc = (previous ^ 0xffffffff) >>> 0;
  for (const byte of data) crc = (CRC32C_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function crcHasher(step: (data: Buffer, previous: number) => number): Hasher {
  let value = 0;
  return {
    update: (data) => {
      value = step(data, value);
    },
    digest: () => {
      const out = Buffer.alloc(4);
      out.writeUInt32BE(value >>> 0);
      return out;
    },
  };
}

export function createHasher(algorithm: ChecksumAlgorithm): Hasher {
  switch (algorithm) {
    case "CRC32":
      return crcHasher((data, previous) => crc32(data, previous));
    case "CRC32C":
      return crcHasher(crc32c);
    case "SHA1":
    case "SHA256": {
      const hash = createHash(algorithm === "SHA1" ? "sha1" : "sha256");
      return { update: (data) => hash.update(data), digest: () => hash.digest() };
    }
  }
}

/**
 * A multipart object's checksum (checking-object-integrity.html, "Using part-level checksums for
 * multipart uploads"): the checksum of the concatenated binary part checksums, then `-<part count>`.
 */
export function compositeChecksum(algorithm: ChecksumAlgorithm, partChecksums: readonly string[]): string {
  return compositeOf(partChecksums, (raw) => {
    const hasher = createHasher(algorithm);
    hasher.update(raw);
    return hasher.digest();
  });
}

/** What a request claims: checksums in headers now, and the algorithms whose values come as trailers. */
export interface ClaimedChecksums {
  headers: Checksums;
  trailers: ChecksumAlgorithm[];
}

/** Reads the `x-amz-checksum-*` headers and the checksum trailers announced in `x-amz-trailer`. */
export function claimedChecksums(ctx: S3Context): ClaimedChecksums {
  const headers: Checksums = {};
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const value = readHeader(ctx.req, checksumHeader(algorithm));
    if (value !== undefined) headers[algorithm] = value;
  }
  const trailers = (readHeader(ctx.req, "x-amz-trailer") ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .flatMap((name) => CHECKSUM_ALGORITHMS.filter((a) => checksumHeader(a) === name));
  const claimed = [...Object.keys(headers), ...trailers];
  if (claimed.length > 1) {
    throw invalidRequest(
      "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.",
    );
  }
  return { headers, trailers };
}

/** The single algorithm a request's body is checked with, if it names one. */
export function claimedAlgorithm(claimed: ClaimedChecksums): ChecksumAlgorithm | undefined {
  return (Object.keys(claimed.headers) as ChecksumAlgorithm[])[0] ?? claimed.trailers[0];
}

/** `x-amz-checksum-algorithm` on CreateMultipartUpload; CRC64NVME and absent mean none is kept. */
export function requestedUploadAlgorithm(ctx: S3Context): ChecksumAlgorithm | null {
  const raw = readHeader(ctx.req, "x-amz-checksum-algorithm");
  if (raw === undefined || raw === "") return null;
  const algorithm = raw.toUpperCase();
  if (isChecksumAlgorithm(algorithm)) return algorithm;
  if (algorithm === "CRC64NVME") return null;
  throw invalidRequest(
    `Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]`,
  );
}

/** Response headers naming a stored checksum (UploadPart, PutObject, GetObject with ChecksumMode). */
export function checksumHeaders(
  checksum: { algorithm: ChecksumAlgorithm; value: string } | null,
  type?: "COMPOSITE" | "FULL_OBJECT",
): Record<string, string> {
  if (checksum === null) return {};
  const headers: Record<string, string> = { [checksumHeader(checksum.algorithm)]: checksum.value };
  if (type !== undefined) headers["x-amz-checksum-type"] = type;
  return headers;
}
