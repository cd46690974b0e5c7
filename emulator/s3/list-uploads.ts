import { ownerOf, ownerXml } from "./acl";
import { type S3Context, S3_XMLNS, requireAuthenticated, sendXml } from "./context";
import { invalidArgument, notImplemented } from "./errors";
import { isUrlEncoded } from "./list";
import { requireBucket } from "./read-ops";
import { el, elWith } from "./xml";

/** API_ListMultipartUploads: at most 1000 uploads a page, which is also the default. */
const MAX_UPLOADS = 1000;

function maxUploads(raw: string | null): number {
  if (raw === null || raw === "") return MAX_UPLOADS;
  if (!/^\d+$/.test(raw))
    throw invalidArgument("Provided max-uploads not an integer or within integer range", "max-uploads", raw);
  return Math.min(Number(raw), MAX_UPLOADS);
}

/**
 * ListMultipartUploads (docs.aws.amazon.com/AmazonS3/latest/API/API_ListMultipartUploads.html): the
 * uploads begun and neither completed nor aborted, under `prefix`, sorted by key and, within a key,
 * by initiation; paged by `max-uploads` with `key-marker` + `upload-id-marker` (NextKeyMarker and
 * NextUploadIdMarker name the page's last upload). `encoding-type=url` encodes the keys. `delimiter`
 * (CommonPrefixes) is not emulated: refused as NotImplemented rather than ignored.
 */
export function listMultipartUploads(ctx: S3Context): void {
  requireAuthenticated(ctx);
  const bucket = requireBucket(ctx);
  const q = (name: string) => ctx.query.get(name);
  if ((q("delimiter") ?? "") !== "") throw notImplemented("ListMultipartUploads with a delimiter");
  const urlEncoded = isUrlEncoded(q("encoding-type"));
  const prefix = q("prefix") ?? "";
  const keyMarker = q("key-marker") ?? "";
  // Without a key marker, AWS ignores the upload id marker.
  const uploadIdMarker = keyMarker === "" ? null : q("upload-id-marker") || null;
  const most = maxUploads(q("max-uploads"));
  const page = ctx.s3.repo.uploadsAfter(
    bucket,
    prefix,
    { key: keyMarker, uploadId: uploadIdMarker },
    most + 1,
  );
  const truncated = page.length > most;
  const uploads = page.slice(0, most);
  const last = uploads.at(-1);
  const encode = (text: string) => (urlEncoded ? encodeURIComponent(text).replace(/%2F/g, "/") : text);
  const owner = ownerXml(ownerOf(ctx.services.options.accountId));
  sendXml(
    ctx,
    200,
    elWith(
      "ListMultipartUploadsResult",
      { xmlns: S3_XMLNS },
      el("Bucket", bucket),
      el("KeyMarker", encode(keyMarker)),
      el("UploadIdMarker", uploadIdMarker ?? ""),
      el("NextKeyMarker", encode(truncated && last ? last.key : "")),
      el("NextUploadIdMarker", truncated && last ? last.id : ""),
      el("Prefix", encode(prefix)),
      el("MaxUploads", most),
      el("IsTruncated", truncated),
      urlEncoded ? el("EncodingType", "url") : null,
      uploads.map((u) =>
        el(
          "Upload",
          el("Key", encode(u.key)),
          el("UploadId", u.id),
          { name: "Initiator", children: owner.children },
          owner,
          el("StorageClass", u.storageClass),
          el("Initiated", u.createdAt),
          u.checksumAlgorithm === null ? null : el("ChecksumAlgorithm", u.checksumAlgorithm),
        ),
      ),
    ),
  );
}
