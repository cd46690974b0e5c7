import { randomBytes } from "node:crypto";
import { isoMillis } from "../rules/dates";
import { attributesFromHeaders } from "./attributes";
import {
  type ChecksumAlgorithm,
  checksumHeaders,
  claimedAlgorithm,
  claimedChecksums,
  requestedUploadAlgorithm,
} from "./checksums";
import { type S3Context, S3_XMLNS, requireAuthenticated, sendXml } from "./context";
import { invalidArgument, invalidRequest, noSuchUpload } from "./errors";
import { receivePart } from "./part-placement";
import { requireBucket } from "./read-ops";
import { type UploadRecord } from "./repository";
import { storedHeaders } from "./write-ops";
import { el, elWith } from "./xml";

export function requireUpload(ctx: S3Context): UploadRecord {
  const id = ctx.query.get("uploadId") ?? "";
  const upload = ctx.s3.repo.getUpload(id);
  if (!upload || upload.bucket !== ctx.bucket || upload.key !== ctx.key) throw noSuchUpload(id);
  return upload;
}

export function createMultipartUpload(ctx: S3Context): void {
  requireAuthenticated(ctx);
  const bucket = requireBucket(ctx);
  const key = ctx.key ?? "";
  const upload: UploadRecord = {
    id: randomBytes(48).toString("base64url"),
    bucket,
    key,
    createdAt: isoMillis(ctx.services.now()),
    attributes: attributesFromHeaders(ctx),
    file: ctx.s3.files.createEmpty(),
    partSize: null,
    checksumAlgorithm: requestedUploadAlgorithm(ctx),
  };
  ctx.s3.repo.createUpload(upload);
  const algorithm = upload.checksumAlgorithm;
  const headers: Record<string, string> =
    algorithm === null ? {} : { "x-amz-checksum-algorithm": algorithm, "x-amz-checksum-type": "COMPOSITE" };
  sendXml(
    ctx,
    200,
    elWith(
      "InitiateMultipartUploadResult",
      { xmlns: S3_XMLNS },
      el("Bucket", bucket),
      el("Key", key),
      el("UploadId", upload.id),
    ),
    headers,
  );
}

/**
 * The part's checksum algorithm. An upload created with one (a COMPOSITE checksum) needs every part
 * sent with that checksum, as S3 does: a part with another, or with none, is refused — so a client
 * that forgets the checksum fails here as it would on AWS. An upload created without one takes
 * whatever checksum a part carries (the SDK's default CRC32) and verifies it.
 */
function partAlgorithm(upload: UploadRecord, sent: ChecksumAlgorithm | undefined): ChecksumAlgorithm | null {
  const expected = upload.checksumAlgorithm;
  if (expected !== null && sent !== expected) {
    throw invalidRequest(
      `Checksum Type mismatch occurred, expected checksum Type: ${expected.toLowerCase()}, actual checksum Type: ${sent?.toLowerCase() ?? "null"}`,
    );
  }
  return sent ?? null;
}

export async function uploadPart(ctx: S3Context): Promise<void> {
  requireAuthenticated(ctx);
  requireBucket(ctx);
  const upload = requireUpload(ctx);
  const { maxParts, maxPartSize } = ctx.services.options.s3Limits;
  const raw = ctx.query.get("partNumber") ?? "";
  const partNumber = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  // API_UploadPart: "Part numbers can be any number from 1 to 10,000, inclusive."
  if (!(partNumber >= 1 && partNumber <= maxParts)) {
    throw invalidArgument(
      `Part number must be an integer between 1 and ${maxParts}, inclusive`,
      "partNumber",
      raw,
    );
  }
  const sent = claimedAlgorithm(claimedChecksums(ctx));
  const algorithm = partAlgorithm(upload, sent);
  const written = await receivePart(ctx, upload, partNumber, { maxSize: maxPartSize });
  const etag = `"${written.md5}"`;
  const checksum = algorithm === null ? null : (written.checksums[algorithm] ?? null);
  const replaced = ctx.s3.repo.putPart({
    uploadId: upload.id,
    partNumber,
    file: written.file,
    size: written.size,
    etag,
    offset: written.offset,
    checksumAlgorithm: checksum === null ? null : algorithm,
    checksum,
  });
  await ctx.s3.files.remove(replaced);
  const echoed = algorithm === null || checksum === null ? null : { algorithm, value: checksum };
  ctx.res.writeHead(200, {
    ...storedHeaders(etag, upload.attributes),
    ...checksumHeaders(echoed),
    "Content-Length": "0",
  });
  ctx.res.end();
}

export async function abortMultipartUpload(ctx: S3Context): Promise<void> {
  requireAuthenticated(ctx);
  requireBucket(ctx);
  const upload = requireUpload(ctx);
  await Promise.all(ctx.s3.repo.deleteUpload(upload.id).map((file) => ctx.s3.files.remove(file)));
  ctx.res.writeHead(204);
  ctx.res.end();
}
