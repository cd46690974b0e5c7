import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { TreeHasher } from "../../lib/glacier/tree-hash";
import { type RequestContext, requiredHeader } from "./context";
import { GlacierError, checksumMismatch, invalidParameter, missingHeader } from "./errors";
import { declaredLength } from "./request-body";

/** A client that stops sending for this long loses its upload (Glacier answers 408 RequestTimeout). */
export const UPLOAD_IDLE_TIMEOUT_MS = 120_000;
const WRITE_HIGH_WATER_MARK = 1024 * 1024;

export interface UploadHashes {
  treeHash: string;
  contentSha256: string;
}

export interface ReceivedUpload {
  tempPath: string;
  treeHash: string;
}

/** Passes bytes through while computing the tree hash and the plain SHA-256. */
class HashingPassThrough extends Transform {
  readonly tree = new TreeHasher();
  readonly sha = createHash("sha256");

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.tree.update(chunk);
    this.sha.update(chunk);
    done(null, chunk);
  }
}

const HEX64 = /^[0-9a-fA-F]{64}$/;

/** Both hashes are mandatory on uploads (glacier-api.md §10.6) and must be hex SHA-256 values. */
export function requireUploadHashes(ctx: RequestContext): UploadHashes {
  const treeHash = requiredHeader(ctx, "x-amz-sha256-tree-hash");
  const contentSha256 = requiredHeader(ctx, "x-amz-content-sha256");
  for (const [name, value] of [
    ["x-amz-sha256-tree-hash", treeHash],
    ["x-amz-content-sha256", contentSha256],
  ] as const) {
    if (!HEX64.test(value)) throw invalidParameter(`Invalid ${name}: '${value}' is not a hex SHA-256 value.`);
  }
  return { treeHash: treeHash.toLowerCase(), contentSha256: contentSha256.toLowerCase() };
}

/** Uploads need an explicit Content-Length (no chunked encoding) within [1, max]. */
export function requireContentLength(ctx: RequestContext, max: number): number {
  const length = declaredLength(ctx.req);
  if (length === undefined) throw missingHeader("Content-Length");
  if (!Number.isSafeInteger(length) || length < 1 || length > max) {
    throw invalidParameter(`Invalid Content-Length: ${ctx.req.headers["content-length"]}`);
  }
  return length;
}

/**
 * Streams the body to a temp file, hashing as it goes, then checks both claimed hashes. On any failure
 * (mismatch, client gone, idle timeout) the temp file is removed and nothing is persisted.
 */
export async function receiveVerifiedUpload(
  ctx: RequestContext,
  length: number,
  claimed: UploadHashes,
): Promise<ReceivedUpload> {
  const { storage } = ctx.services;
  const tempPath = storage.tempPath();
  const hasher = new HashingPassThrough();
  ctx.req.setTimeout(UPLOAD_IDLE_TIMEOUT_MS, () => {
    ctx.req.destroy(
      new GlacierError(408, "RequestTimeoutException", "Timed out waiting for the upload body."),
    );
  });
  try {
    await pipeline(
      ctx.req,
      hasher,
      createWriteStream(tempPath, { flags: "wx", highWaterMark: WRITE_HIGH_WATER_MARK }),
    );
    if (hasher.tree.bytes !== length) {
      throw invalidParameter(`Received ${hasher.tree.bytes} bytes but Content-Length was ${length}.`);
    }
    const contentSha256 = hasher.sha.digest("hex");
    if (contentSha256 !== claimed.contentSha256) throw checksumMismatch(claimed.contentSha256, contentSha256);
    const treeHash = hasher.tree.digestHex();
    if (treeHash !== claimed.treeHash) throw checksumMismatch(claimed.treeHash, treeHash);
    return { tempPath, treeHash };
  } catch (err) {
    await storage.discard(tempPath);
    throw err;
  }
}
