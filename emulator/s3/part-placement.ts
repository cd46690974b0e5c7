import { type BodyOptions, declaredLength, receiveBody, storeBody } from "./body";
import { type Checksums } from "./checksums";
import { type S3Context } from "./context";
import { type PartRecord, type UploadRecord } from "./repository";
import { type FileRange, type WrittenFile } from "./runtime";

/**
 * Where multipart bytes go, so CompleteMultipartUpload is cheap. SDKs and the CLI cut every part but
 * the last to one size, so part n belongs at (n − 1) × that size: part 1 fixes the slot size and
 * each part is streamed straight into its slot of the upload's file. Completion then only copies
 * in the parts that could not be placed and truncates; the upload's file becomes the object's.
 * S3's rules still hold: a part that arrives before part 1, is larger than a slot, has no declared
 * length, or re-uploads a part number already stored (the earlier bytes must survive a failed
 * re-upload) gets a file of its own, as do both of two concurrent uploads of one number but the first.
 */

/** A sparse upload file past this size could hit file-system limits: such parts get their own files. */
const MAX_PLACED_END = 2 ** 40;

type Slot = { file: string; offset: number; size: number };

/** The part's slot in the upload's file, or null when it must go to a file of its own. */
function slotFor(ctx: S3Context, upload: UploadRecord, partNumber: number): Slot | null {
  const length = declaredLength(ctx);
  if (upload.file === null || length === null) return null;
  const repo = ctx.s3.repo;
  const size = partNumber === 1 && length > 0 ? repo.fixPartSize(upload.id, length) : upload.partSize;
  if (size === null || length > size) return null;
  const offset = (partNumber - 1) * size;
  if (offset + size > MAX_PLACED_END || repo.hasPart(upload.id, partNumber)) return null;
  return { file: upload.file, offset, size };
}

/**
 * Receives one UploadPart body, verified (Content-MD5, x-amz-content-sha256, x-amz-checksum-*), in its
 * slot if it has one.
 */
export async function receivePart(
  ctx: S3Context,
  upload: UploadRecord,
  partNumber: number,
  options: BodyOptions,
): Promise<WrittenFile & { offset: number | null; checksums: Checksums }> {
  const key = `${upload.id}:${partNumber}`;
  const slot = ctx.s3.placing.has(key) ? null : slotFor(ctx, upload, partNumber);
  if (slot === null) return { ...(await storeBody(ctx, options)), offset: null };
  ctx.s3.placing.add(key);
  try {
    const body = receiveBody(ctx, options);
    const written = await ctx.s3.files.writeAt(slot.file, slot.offset, slot.size, body.source);
    // A failed check leaves bytes in a slot no part row points at: harmless, overwritten by a retry.
    return { ...written, offset: slot.offset, checksums: body.check(written) };
  } finally {
    ctx.s3.placing.delete(key);
  }
}

/** The part's bytes, wherever they are. */
function rangeOf(part: PartRecord): FileRange {
  return { file: part.file, start: part.offset ?? 0, length: part.size };
}

/**
 * The object's file for the chosen parts. Parts 1…n, every one but the last a full slot: the upload's
 * file itself, with any part held elsewhere copied into its slot and the tail cut off. Otherwise
 * (gaps, odd sizes, old uploads) a new file with the parts copied in order.
 */
export async function assembleObject(
  ctx: S3Context,
  upload: UploadRecord,
  parts: PartRecord[],
): Promise<{ file: string; size: number }> {
  const { files, placing } = ctx.s3;
  const size = parts.reduce((sum, p) => sum + p.size, 0);
  const slotSize = upload.partSize;
  const stillWriting = [...placing].some((k) => k.startsWith(`${upload.id}:`));
  const inPlace =
    upload.file !== null &&
    slotSize !== null &&
    !stillWriting &&
    parts.every(
      (p, i) => p.partNumber === i + 1 && (i === parts.length - 1 ? p.size <= slotSize : p.size === slotSize),
    );
  if (inPlace && upload.file !== null && slotSize !== null) {
    for (const part of parts)
      if (part.offset === null)
        await files.copyInto(upload.file, (part.partNumber - 1) * slotSize, [rangeOf(part)]);
    await files.truncate(upload.file, size);
    return { file: upload.file, size };
  }
  const file = files.createEmpty();
  try {
    await files.copyInto(file, 0, parts.map(rangeOf));
  } catch (error) {
    await files.remove(file);
    throw error;
  }
  return { file, size };
}
