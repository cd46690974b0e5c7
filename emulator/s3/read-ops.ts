import { byteRangeLength, parseHttpRange, type ByteRange } from "../../lib/glacier/byte-range";
import { readHeader } from "../http/context";
import { sendFileRange } from "../http/send-file";
import { aclXml, isPublicRead, ownerOf, ownerXml } from "./acl";
import { objectHeaders } from "./attributes";
import { checksumHeaders } from "./checksums";
import { type S3Context, S3_XMLNS, requireAuthenticated, sendXml } from "./context";
import { S3Error, accessDenied, noSuchBucket, noSuchKey } from "./errors";
import { type ObjectRecord } from "./types";
import { el, elWith } from "./xml";

export function requireBucket(ctx: S3Context): string {
  const bucket = ctx.bucket ?? "";
  if (!ctx.s3.repo.bucketExists(bucket)) throw noSuchBucket(bucket);
  return bucket;
}

/** The addressed object; unsigned requests may read only objects whose ACL grants everyone READ. */
export function requireObject(ctx: S3Context): ObjectRecord {
  const bucket = requireBucket(ctx);
  const key = ctx.key ?? "";
  const object = ctx.s3.repo.get(bucket, key);
  if (!ctx.authenticated && !(object && isPublicRead(object.acl))) throw accessDenied();
  if (!object) throw noSuchKey(key);
  return object;
}

function requestedRange(ctx: S3Context, size: number): ByteRange | null {
  const raw = readHeader(ctx.req, "range");
  if (raw === undefined || raw === "") return null;
  const parsed = parseHttpRange(raw, size);
  if (parsed.kind === "range") return parsed.range;
  if (parsed.kind === "invalid") return null;
  ctx.res.setHeader("Content-Range", `bytes */${size}`);
  throw new S3Error(416, "InvalidRange", "The requested range is not satisfiable", {
    RangeRequested: raw,
    ActualObjectSize: String(size),
  });
}

/**
 * GetObject and HeadObject, with a single `Range` (206 + Content-Range). With `x-amz-checksum-mode:
 * ENABLED` a whole-object read carries the stored checksum and its type (API_GetObject).
 */
export async function getObject(ctx: S3Context): Promise<void> {
  const object = requireObject(ctx);
  const range = requestedRange(ctx, object.size);
  const part = range ?? { start: 0, end: object.size - 1 };
  const wantsChecksum = (readHeader(ctx.req, "x-amz-checksum-mode") ?? "").toUpperCase() === "ENABLED";
  const headers = {
    ...objectHeaders(object),
    ...(wantsChecksum && !range ? checksumHeaders(object.checksum, object.checksum?.type) : {}),
  };
  headers["Content-Length"] = String(object.size === 0 ? 0 : byteRangeLength(part));
  if (range) headers["Content-Range"] = `bytes ${range.start}-${range.end}/${object.size}`;
  ctx.res.writeHead(range ? 206 : 200, headers);
  if (ctx.method === "HEAD" || object.size === 0) {
    ctx.res.end();
    return;
  }
  await sendFileRange(ctx.res, ctx.s3.files.path(object.file), part.start, part.end);
}

export function getObjectTagging(ctx: S3Context): void {
  requireAuthenticated(ctx);
  const object = requireObject(ctx);
  const tags = Object.entries(object.tags).map(([key, value]) =>
    el("Tag", el("Key", key), el("Value", value)),
  );
  sendXml(ctx, 200, elWith("Tagging", { xmlns: S3_XMLNS }, el("TagSet", tags)));
}

export function getObjectAcl(ctx: S3Context): void {
  requireAuthenticated(ctx);
  const object = requireObject(ctx);
  sendXml(ctx, 200, aclXml(object.acl, ownerOf(ctx.services.options.accountId), S3_XMLNS));
}

export function headBucket(ctx: S3Context): void {
  requireAuthenticated(ctx);
  requireBucket(ctx);
  ctx.res.writeHead(200, { "x-amz-bucket-region": ctx.region, "Content-Length": "0" });
  ctx.res.end();
}

export function listBuckets(ctx: S3Context): void {
  requireAuthenticated(ctx);
  const buckets = ctx.s3.repo
    .buckets()
    .map((b) => el("Bucket", el("Name", b.name), el("CreationDate", b.createdAt)));
  sendXml(
    ctx,
    200,
    elWith(
      "ListAllMyBucketsResult",
      { xmlns: S3_XMLNS },
      ownerXml(ownerOf(ctx.services.options.accountId)),
      el("Buckets", buckets),
    ),
  );
}
