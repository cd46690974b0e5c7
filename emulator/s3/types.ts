import { type CannedAcl } from "../../lib/glacier/job-types";
import { type Grant } from "../../lib/glacier/output-location-rules";

import { type ChecksumAlgorithm } from "./checksums";

export type SseType = "AES256" | "aws:kms";

/** An object's additional checksum: the whole object's, or COMPOSITE (checksum of part checksums, "-<n>"). */
export interface StoredChecksum {
  algorithm: ChecksumAlgorithm;
  value: string;
  type: "FULL_OBJECT" | "COMPOSITE";
}

/** Everything S3 keeps about an object besides its bytes; all of it can be read back. */
export interface ObjectAttributes {
  contentType: string;
  storageClass: string;
  /** S3 encrypts every object (SSE-S3 by default since 2023); `aws:kms` carries the key and context. */
  sse: SseType;
  kmsKeyId: string | null;
  kmsContext: string | null;
  metadata: Record<string, string>;
  tags: Record<string, string>;
  acl: { canned: CannedAcl | null; grants: Grant[] };
}

export interface ObjectRecord extends ObjectAttributes {
  bucket: string;
  key: string;
  /** File name under `s3/objects/`. */
  file: string;
  size: number;
  /** Quoted, as S3 sends it. */
  etag: string;
  lastModified: string;
  checksum: StoredChecksum | null;
}

export const DEFAULT_ATTRIBUTES: ObjectAttributes = {
  contentType: "binary/octet-stream",
  storageClass: "STANDARD",
  sse: "AES256",
  kmsKeyId: null,
  kmsContext: null,
  metadata: {},
  tags: {},
  acl: { canned: null, grants: [] },
};
