/**
 * S3's multipart limits and the part size Thaw copies an archive with. One home for the rule: the
 * plan wizard and plan creation ask `s3DestinationProblem`, the copy asks `s3PartSizeFor`, and the
 * emulator's S3 endpoint enforces the same `S3Limits` (lowered in tests so they are reached with
 * small data). Limits from docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html.
 * Pure and isomorphic.
 */

import { MIB } from "./byte-range";
import { formatBytes, formatCount } from "./format";

const GIB = 1024 * MIB;
const TIB = 1024 * GIB;

/** Part numbers run from 1 to 10 000 (qfacts.html: "Maximum number of parts per upload"). */
export const S3_MAX_PARTS = 10_000;
/** Every part but the last must be at least 5 MiB (qfacts.html: "Part size", EntityTooSmall). */
export const S3_MIN_PART_SIZE = 5 * MIB;
/** A part, and a single PutObject, is at most 5 GiB (qfacts.html: "Part size", EntityTooLarge). */
export const S3_MAX_PART_SIZE = 5 * GIB;
/** An object is at most 5 TiB (qfacts.html: "Maximum object size"). */
export const S3_MAX_OBJECT_SIZE = 5 * TIB;

/** S3's limits; tests and the emulator lower them to reach them with small data. */
export interface S3Limits {
  maxParts: number;
  minPartSize: number;
  maxPartSize: number;
  maxObjectSize: number;
}

export const S3_LIMITS: Readonly<S3Limits> = {
  maxParts: S3_MAX_PARTS,
  minPartSize: S3_MIN_PART_SIZE,
  maxPartSize: S3_MAX_PART_SIZE,
  maxObjectSize: S3_MAX_OBJECT_SIZE,
};

/**
 * Thaw never copies with parts under 8 MiB: fewer requests for small archives, and every part is a
 * whole number of tree-hash leaves (a power of two MiB, so a part is also a tree-hash node when it
 * starts at a multiple of its size — docs.aws.amazon.com/amazonglacier/latest/dev/checksum-calculations.html).
 */
export const S3_SMALLEST_COPY_PART = 8 * MIB;

/** A size in bytes as the screen says it: "5 TiB" when whole, else formatBytes ("78.13 GiB"). */
function formatLimit(bytes: number): string {
  for (const [unit, name] of [
    [TIB, "TiB"],
    [GIB, "GiB"],
    [MIB, "MiB"],
  ] as const) {
    if (bytes >= unit && bytes % unit === 0) return `${bytes / unit} ${name}`;
  }
  return formatBytes(bytes);
}

/**
 * The part size to copy an archive of `archiveSize` bytes to S3 with: the smallest power-of-two MiB,
 * at least 8 MiB (and at least the minimum part size), such that ceil(size / part) ≤ maxParts and
 * part ≤ maxPartSize. Null when no such part exists or the archive is over the object limit (ask
 * `s3DestinationProblem` why). 78.125 GiB is the most 8 MiB parts carry; 5 TiB needs 1 GiB parts.
 */
export function s3PartSizeFor(archiveSize: number, limits: Readonly<S3Limits> = S3_LIMITS): number | null {
  if (!Number.isSafeInteger(archiveSize) || archiveSize < 0) return null;
  if (archiveSize > limits.maxObjectSize) return null;
  let part = S3_SMALLEST_COPY_PART;
  while (part < limits.minPartSize) part *= 2;
  while (part <= limits.maxPartSize) {
    if (Math.ceil(archiveSize / part) <= limits.maxParts) return part;
    part *= 2;
  }
  return null;
}

/** How many parts an archive is copied in at `partSize` (an empty archive is still one part). */
export function s3PartCount(archiveSize: number, partSize: number): number {
  return Math.max(1, Math.ceil(archiveSize / partSize));
}

/**
 * Why an archive cannot be copied to an S3 destination, in the words of the plan screen (no final
 * period, like the other `…Problem` rules), or null when it can. Asked when the plan is created with
 * the selection's largest archive, so an archive too large for S3 is never found mid-copy. `subject`
 * names it: "The largest selected archive", "Archive photos.tar".
 */
export function s3DestinationProblem(
  archive: { size: number; subject?: string | undefined },
  limits: Readonly<S3Limits> = S3_LIMITS,
): string | null {
  if (s3PartSizeFor(archive.size, limits) !== null) return null;
  const what = `${archive.subject ?? "The archive"} (${formatBytes(archive.size)})`;
  const instead = "choose a directory destination, or copy it in ranged pieces";
  if (archive.size > limits.maxObjectSize)
    return `${what} is larger than S3's ${formatLimit(limits.maxObjectSize)} object limit; ${instead}`;
  return `${what} needs more than S3's ${formatCount(limits.maxParts)} parts of at most ${formatLimit(limits.maxPartSize)}; ${instead}`;
}
