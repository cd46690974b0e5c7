import { createHash } from "node:crypto";
import { type S3Limits } from "../../lib/glacier/s3-part-size";
import { readBufferedBody } from "../http/request-body";
import { readHeader } from "../http/context";
import { CHECKSUM_ALGORITHMS, checksumElement, checksumHeader, compositeChecksum } from "./checksums";
import { type S3Context, S3_XMLNS, requireAuthenticated, sendXml } from "./context";
import { S3Error, badDigest, entityTooLarge, entityTooSmall, invalidPart, invalidRequest } from "./errors";
import { requireUpload } from "./multipart";
import { assembleObject } from "./part-placement";
import { requireBucket } from "./read-ops";
import { type PartRecord, type UploadRecord } from "./repository";
import { type StoredChecksum } from "./types";
import { commitObject, storedHeaders } from "./write-ops";
import { el, elWith, elementTexts } from "./xml";

const unquoted = (etag: string) => etag.replace(/"/g, "");

/**
 * A named part checked against the stored one: its ETag and, for an upload created with a checksum
 * algorithm, its `Checksum<Algorithm>`, which S3 requires for every part and compares with the
 * checksum it stored at UploadPart (API_CompleteMultipartUpload).
 */
function checkedPart(xml: string, upload: UploadRecord, byNumber: Map<number, PartRecord>): PartRecord {
  const number = Number(elementTexts(xml, "PartNumber")[0] ?? "");
  const etag = unquoted(elementTexts(xml, "ETag")[0] ?? "");
  const stored = byNumber.get(number);
  if (!stored || unquoted(stored.etag) !== etag) throw invalidPart();
  const algorithm = upload.checksumAlgorithm;
  if (algorithm !== null) {
    const named = elementTexts(xml, checksumElement(algorithm))[0];
    if (named === undefined) {
      throw invalidRequest(
        `The upload was created using a ${algorithm.toLowerCase()} checksum. The complete request must include the checksum for each part. It was missing for part ${number} in the request.`,
      );
    }
    if (named !== stored.checksum) throw invalidPart();
  }
  return stored;
}

/** The parts named in the CompleteMultipartUpload body, checked against the uploaded ones and S3's limits. */
function chosenParts(
  xml: string,
  upload: UploadRecord,
  uploaded: PartRecord[],
  limits: S3Limits,
): PartRecord[] {
  const byNumber = new Map(uploaded.map((p) => [p.partNumber, p]));
  const chosen: PartRecord[] = [];
  for (const partXml of elementTexts(xml, "Part")) {
    const part = checkedPart(partXml, upload, byNumber);
    const previous = chosen.at(-1);
    if (previous && previous.partNumber >= part.partNumber) {
      throw new S3Error(
        400,
        "InvalidPartOrder",
        "The list of parts was not in ascending order. Parts must be ordered by part number.",
      );
    }
    chosen.push(part);
  }
  if (chosen.length === 0)
    throw new S3Error(
      400,
      "MalformedXML",
      "The XML you provided was not well-formed or did not validate against our published schema",
    );
  // qfacts.html: every part but the last at least 5 MiB; the object at most 5 TiB.
  const small = chosen.slice(0, -1).find((p) => p.size < limits.minPartSize);
  if (small) throw entityTooSmall(small.size, limits.minPartSize, small.partNumber, small.etag);
  const size = chosen.reduce((sum, p) => sum + p.size, 0);
  if (size > limits.maxObjectSize) throw entityTooLarge(size, limits.maxObjectSize);
  return chosen;
}

/** The object's checksum: COMPOSITE over the parts' checksums, for an upload created with an algorithm. */
function objectChecksum(upload: UploadRecord, parts: PartRecord[]): StoredChecksum | null {
  const algorithm = upload.checksumAlgorithm;
  if (algorithm === null) return null;
  const value = compositeChecksum(
    algorithm,
    parts.map((p) => p.checksum ?? ""),
  );
  return { algorithm, value, type: "COMPOSITE" };
}

/**
 * A client may send the object's expected checksum on CompleteMultipartUpload (`x-amz-checksum-sha256:
 * <base64>-<n>`); S3 fails a mismatch with BadDigest (checking-object-integrity-upload.html).
 */
function checkClaimedObjectChecksum(ctx: S3Context, checksum: StoredChecksum | null): void {
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const claimed = readHeader(ctx.req, checksumHeader(algorithm));
    if (claimed === undefined) continue;
    if (checksum === null || checksum.algorithm !== algorithm || checksum.value !== claimed)
      throw badDigest(algorithm);
  }
}

/** Joins the chosen parts (cheaply when they sit in their slots); the ETag is S3's md5-of-part-md5s with the part count. */
export async function completeMultipartUpload(ctx: S3Context): Promise<void> {
  requireAuthenticated(ctx);
  const bucket = requireBucket(ctx);
  const upload = requireUpload(ctx);
  const xml = (await readBufferedBody(ctx.req)).toString("utf8");
  const parts = chosenParts(xml, upload, ctx.s3.repo.parts(upload.id), ctx.services.options.s3Limits);
  const checksum = objectChecksum(upload, parts);
  checkClaimedObjectChecksum(ctx, checksum);
  const written = await assembleObject(ctx, upload, parts);
  const md5s = Buffer.concat(parts.map((p) => Buffer.from(unquoted(p.etag), "hex")));
  const etag = `"${createHash("md5").update(md5s).digest("hex")}-${parts.length}"`;
  await commitObject(
    ctx,
    bucket,
    upload.key,
    { file: written.file, size: written.size, etag, checksum },
    upload.attributes,
  );
  await Promise.all(
    ctx.s3.repo.deleteUpload(upload.id, written.file).map((file) => ctx.s3.files.remove(file)),
  );
  sendXml(
    ctx,
    200,
    elWith(
      "CompleteMultipartUploadResult",
      { xmlns: S3_XMLNS },
      el("Location", `/${bucket}/${upload.key}`),
      el("Bucket", bucket),
      el("Key", upload.key),
      el("ETag", etag),
      ...(checksum === null
        ? []
        : [el(checksumElement(checksum.algorithm), checksum.value), el("ChecksumType", checksum.type)]),
    ),
    storedHeaders(etag, upload.attributes),
  );
}
