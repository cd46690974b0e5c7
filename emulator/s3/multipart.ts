import { createHash, randomBytes } from "node:crypto";
import { readBufferedBody } from "../http/request-body";
import { isoMillis } from "../rules/dates";
import { attributesFromHeaders } from "./attributes";
import { type S3Context, S3_XMLNS, requireAuthenticated, sendXml } from "./context";
import { S3Error, invalidArgument, noSuchUpload } from "./errors";
import { assembleObject, receivePart } from "./part-placement";
import { requireBucket } from "./read-ops";
import { type PartRecord, type UploadRecord } from "./repository";
import { commitObject, storedHeaders } from "./write-ops";
import { el, elWith, elementTexts } from "./xml";

/** S3's limits: parts 1–10 000, every part but the last at least 5 MiB. */
const MAX_PART_NUMBER = 10_000;
const MIN_PART_SIZE = 5 * 1024 * 1024;

function requireUpload(ctx: S3Context): UploadRecord {
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
  };
  ctx.s3.repo.createUpload(upload);
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
  );
}

export async function uploadPart(ctx: S3Context): Promise<void> {
  requireAuthenticated(ctx);
  requireBucket(ctx);
  const upload = requireUpload(ctx);
  const raw = ctx.query.get("partNumber") ?? "";
  const partNumber = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(partNumber >= 1 && partNumber <= MAX_PART_NUMBER)) {
    throw invalidArgument(
      `Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive`,
      "partNumber",
      raw,
    );
  }
  const written = await receivePart(ctx, upload, partNumber);
  const etag = `"${written.md5}"`;
  const replaced = ctx.s3.repo.putPart({
    uploadId: upload.id,
    partNumber,
    file: written.file,
    size: written.size,
    etag,
    offset: written.offset,
  });
  await ctx.s3.files.remove(replaced);
  ctx.res.writeHead(200, { ...storedHeaders(etag, upload.attributes), "Content-Length": "0" });
  ctx.res.end();
}

/** The parts named in the CompleteMultipartUpload body, checked against the uploaded ones. */
function chosenParts(xml: string, uploaded: PartRecord[]): PartRecord[] {
  const byNumber = new Map(uploaded.map((p) => [p.partNumber, p]));
  const chosen: PartRecord[] = [];
  for (const part of elementTexts(xml, "Part")) {
    const number = Number(elementTexts(part, "PartNumber")[0] ?? "");
    const etag = (elementTexts(part, "ETag")[0] ?? "").replace(/"/g, "");
    const stored = byNumber.get(number);
    if (!stored || stored.etag.replace(/"/g, "") !== etag) {
      throw new S3Error(
        400,
        "InvalidPart",
        "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
      );
    }
    const previous = chosen.at(-1);
    if (previous && previous.partNumber >= number) {
      throw new S3Error(
        400,
        "InvalidPartOrder",
        "The list of parts was not in ascending order. Parts must be ordered by part number.",
      );
    }
    chosen.push(stored);
  }
  if (chosen.length === 0)
    throw new S3Error(
      400,
      "MalformedXML",
      "The XML you provided was not well-formed or did not validate against our published schema",
    );
  if (chosen.slice(0, -1).some((p) => p.size < MIN_PART_SIZE)) {
    throw new S3Error(
      400,
      "EntityTooSmall",
      "Your proposed upload is smaller than the minimum allowed object size.",
    );
  }
  return chosen;
}

/** Joins the chosen parts (cheaply when they sit in their slots); the ETag is S3's md5-of-part-md5s with the part count. */
export async function completeMultipartUpload(ctx: S3Context): Promise<void> {
  requireAuthenticated(ctx);
  const bucket = requireBucket(ctx);
  const upload = requireUpload(ctx);
  const xml = (await readBufferedBody(ctx.req)).toString("utf8");
  const parts = chosenParts(xml, ctx.s3.repo.parts(upload.id));
  const written = await assembleObject(ctx, upload, parts);
  const md5s = Buffer.concat(parts.map((p) => Buffer.from(p.etag.replace(/"/g, ""), "hex")));
  const etag = `"${createHash("md5").update(md5s).digest("hex")}-${parts.length}"`;
  await commitObject(
    ctx,
    bucket,
    upload.key,
    { file: written.file, size: written.size, etag },
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
    ),
    storedHeaders(etag, upload.attributes),
  );
}

export async function abortMultipartUpload(ctx: S3Context): Promise<void> {
  requireAuthenticated(ctx);
  requireBucket(ctx);
  const upload = requireUpload(ctx);
  await Promise.all(ctx.s3.repo.deleteUpload(upload.id).map((file) => ctx.s3.files.remove(file)));
  ctx.res.writeHead(204);
  ctx.res.end();
}
