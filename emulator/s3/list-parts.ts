import { ownerOf, ownerXml } from "./acl";
import { checksumElement } from "./checksums";
import { type S3Context, S3_XMLNS, requireAuthenticated, sendXml } from "./context";
import { invalidArgument } from "./errors";
import { requireUpload } from "./multipart";
import { requireBucket } from "./read-ops";
import { el, elWith } from "./xml";

/** API_ListParts: at most 1000 parts a page (the default too). */
const MAX_PARTS_PER_PAGE = 1000;

function wholeNumber(ctx: S3Context, name: string, fallback: number): number {
  const raw = ctx.query.get(name);
  if (raw === null || raw === "") return fallback;
  if (!/^\d+$/.test(raw))
    throw invalidArgument(`Provided ${name} not an integer or within integer range`, name, raw);
  return Number(raw);
}

/**
 * ListParts (API_ListParts): the parts stored so far, by part number, with their ETag, size and, for an
 * upload created with a checksum algorithm, their checksum — what a client resuming an upload compares
 * with its own record. Paged by `max-parts` and `part-number-marker`. A part's LastModified is the
 * upload's start (parts keep no time of their own here).
 */
export function listParts(ctx: S3Context): void {
  requireAuthenticated(ctx);
  const bucket = requireBucket(ctx);
  const upload = requireUpload(ctx);
  const maxParts = Math.min(wholeNumber(ctx, "max-parts", MAX_PARTS_PER_PAGE), MAX_PARTS_PER_PAGE);
  const marker = wholeNumber(ctx, "part-number-marker", 0);
  const page = ctx.s3.repo.partsAfter(upload.id, marker, maxParts + 1);
  const truncated = page.length > maxParts;
  const parts = page.slice(0, maxParts);
  const owner = ownerXml(ownerOf(ctx.services.options.accountId));
  const algorithm = upload.checksumAlgorithm;
  sendXml(
    ctx,
    200,
    elWith(
      "ListPartsResult",
      { xmlns: S3_XMLNS },
      el("Bucket", bucket),
      el("Key", upload.key),
      el("UploadId", upload.id),
      el("PartNumberMarker", marker),
      el("NextPartNumberMarker", parts.at(-1)?.partNumber ?? marker),
      el("MaxParts", maxParts),
      el("IsTruncated", truncated),
      parts.map((p) =>
        el(
          "Part",
          el("PartNumber", p.partNumber),
          el("LastModified", upload.createdAt),
          el("ETag", p.etag),
          el("Size", p.size),
          algorithm !== null && p.checksum !== null ? el(checksumElement(algorithm), p.checksum) : null,
        ),
      ),
      { name: "Initiator", children: owner.children },
      owner,
      el("StorageClass", upload.attributes.storageClass),
      algorithm === null ? null : [el("ChecksumAlgorithm", algorithm), el("ChecksumType", "COMPOSITE")],
    ),
  );
}
