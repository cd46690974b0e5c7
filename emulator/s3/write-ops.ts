import { isoMillis } from "../rules/dates";
import { bucketNameProblem } from "../../lib/glacier/s3-rules";
import { attributesFromHeaders } from "./attributes";
import { storeBody } from "./body";
import { checksumHeaders, claimedAlgorithm, claimedChecksums } from "./checksums";
import { type S3Context, requireAuthenticated } from "./context";
import { S3Error } from "./errors";
import { requireBucket } from "./read-ops";
import { type ObjectAttributes, type StoredChecksum } from "./types";

/** Headers that echo how an object was stored (PutObject, CompleteMultipartUpload). */
export function storedHeaders(etag: string, attributes: ObjectAttributes): Record<string, string> {
  const headers: Record<string, string> = { ETag: etag, "x-amz-server-side-encryption": attributes.sse };
  if (attributes.kmsKeyId !== null)
    headers["x-amz-server-side-encryption-aws-kms-key-id"] = attributes.kmsKeyId;
  return headers;
}

/** Records the object (replacing an older one with the same key) and removes the replaced file. */
export async function commitObject(
  ctx: S3Context,
  bucket: string,
  key: string,
  stored: { file: string; size: number; etag: string; checksum: StoredChecksum | null },
  attributes: ObjectAttributes,
): Promise<void> {
  const replaced = ctx.s3.repo.put({
    ...attributes,
    ...stored,
    bucket,
    key,
    lastModified: isoMillis(ctx.services.now()),
  });
  await ctx.s3.files.remove(replaced);
}

/**
 * PutObject: streamed to a file, verified (up to 5 GiB — API_PutObject), then recorded with its
 * attributes and the whole-object checksum it was sent with.
 */
export async function putObject(ctx: S3Context): Promise<void> {
  requireAuthenticated(ctx);
  const bucket = requireBucket(ctx);
  const key = ctx.key ?? "";
  if (Buffer.byteLength(key) > 1024) throw new S3Error(400, "KeyTooLongError", "Your key is too long");
  const attributes = attributesFromHeaders(ctx);
  const algorithm = claimedAlgorithm(claimedChecksums(ctx));
  const written = await storeBody(ctx, { maxSize: ctx.services.options.s3Limits.maxPartSize });
  const etag = `"${written.md5}"`;
  const value = algorithm === undefined ? undefined : written.checksums[algorithm];
  const checksum: StoredChecksum | null =
    algorithm === undefined || value === undefined ? null : { algorithm, value, type: "FULL_OBJECT" };
  await commitObject(
    ctx,
    bucket,
    key,
    { file: written.file, size: written.size, etag, checksum },
    attributes,
  );
  ctx.res.writeHead(200, {
    ...storedHeaders(etag, attributes),
    ...checksumHeaders(checksum, checksum?.type),
    "Content-Length": "0",
  });
  ctx.res.end();
}

/** DeleteObject: 204 whether or not the key existed, as S3 answers. */
export async function deleteObject(ctx: S3Context): Promise<void> {
  requireAuthenticated(ctx);
  const bucket = requireBucket(ctx);
  await ctx.s3.files.remove(ctx.s3.repo.delete(bucket, ctx.key ?? ""));
  ctx.res.writeHead(204);
  ctx.res.end();
}

/** CreateBucket (path style); creating a bucket the account already owns succeeds, as in us-east-1. */
export function createBucket(ctx: S3Context): void {
  requireAuthenticated(ctx);
  const bucket = ctx.bucket ?? "";
  const problem = bucketNameProblem(bucket);
  if (problem !== null)
    throw new S3Error(
      400,
      "InvalidBucketName",
      `The specified bucket is not valid: a bucket name ${problem}`,
      { BucketName: bucket },
    );
  ctx.s3.repo.createBucket(bucket, isoMillis(ctx.services.now()));
  ctx.res.writeHead(200, { Location: `/${bucket}`, "Content-Length": "0" });
  ctx.res.end();
}
