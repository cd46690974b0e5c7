/**
 * Byte ranges as Glacier uses them (glacier-api.md §3.1, §6, §7.2): inclusive `start-end` pairs,
 * megabyte and tree-hash alignment, and HTTP `Range` headers for GetJobOutput.
 * Pure and isomorphic: no Node imports, safe in client components.
 */

/** Glacier's "megabyte" is a mebibyte: the tree-hash leaf size. */
export const MIB = 1_048_576;

/** Inclusive byte range, as in `RetrievalByteRange` and `Content-Range`. */
export interface ByteRange {
  start: number;
  end: number;
}

export type ParseByteRangeResult = { ok: true; range: ByteRange } | { ok: false; message: string };

const DIGITS = /^\d+$/;

/** Parses a non-negative decimal integer made of ASCII digits only; null when out of safe range. */
function parseDigits(text: string): number | null {
  if (!DIGITS.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

/** Strict `start-end` (digits only, no sign or spaces, start ≤ end, both ≤ MAX_SAFE_INTEGER). */
export function parseByteRange(text: string): ParseByteRangeResult {
  const dash = text.indexOf("-");
  if (dash <= 0 || dash !== text.lastIndexOf("-")) {
    return { ok: false, message: `Invalid byte range "${text}": expected the form StartByte-EndByte` };
  }
  const start = parseDigits(text.slice(0, dash));
  const end = parseDigits(text.slice(dash + 1));
  if (start === null || end === null) {
    return {
      ok: false,
      message: `Invalid byte range "${text}": start and end must be whole numbers of bytes no larger than ${Number.MAX_SAFE_INTEGER}`,
    };
  }
  if (start > end) {
    return {
      ok: false,
      message: `Invalid byte range "${text}": the start byte must not be after the end byte`,
    };
  }
  return { ok: true, range: { start, end } };
}

export function formatByteRange(range: ByteRange): string {
  return `${range.start}-${range.end}`;
}

/** Length in bytes of an inclusive range. */
export function byteRangeLength(range: ByteRange): number {
  return range.end - range.start + 1;
}

/**
 * The part of the archive a retrieval asked for, or null when it retrieves the whole archive: no
 * range, an unreadable one, or one spanning every byte (DescribeJob reports `0-(size-1)` for a
 * whole-archive job — docs.aws.amazon.com/amazonglacier/latest/dev/api-describe-job-get.html).
 */
export function retrievedRange(
  rangeText: string | null | undefined,
  archiveSize: number | null,
): ByteRange | null {
  const parsed = rangeText ? parseByteRange(rangeText) : undefined;
  if (!parsed?.ok) return null;
  const { start, end } = parsed.range;
  return archiveSize !== null && start === 0 && end === archiveSize - 1 ? null : parsed.range;
}

/**
 * Bytes an archive retrieval returns (and is billed for): the range's length when ranged, else the
 * archive's size. The one home for "how big is this retrieval" — job page, list, overview, cost.
 */
export function retrievedByteCount(
  rangeText: string | null | undefined,
  archiveSize: number | null,
): number | null {
  const range = retrievedRange(rangeText, archiveSize);
  return range ? byteRangeLength(range) : archiveSize;
}

/** The whole archive as a range, or null for an empty archive (which has no addressable bytes). */
export function wholeRange(size: number): ByteRange | null {
  return size > 0 ? { start: 0, end: size - 1 } : null;
}

export function isWithinSize(range: ByteRange, size: number): boolean {
  return (
    Number.isSafeInteger(range.start) &&
    Number.isSafeInteger(range.end) &&
    range.start >= 0 &&
    range.start <= range.end &&
    range.end < size
  );
}

/**
 * §3.1: start on a MiB boundary; end just before a MiB boundary or on the archive's last byte.
 * A range reaching past the archive is never aligned.
 */
export function isMegabyteAligned(range: ByteRange, archiveSize: number): boolean {
  if (!isWithinSize(range, archiveSize)) return false;
  return range.start % MIB === 0 && ((range.end + 1) % MIB === 0 || range.end === archiveSize - 1);
}

/** Number of 1 MiB leaves of the tree hash (the last may be partial). */
export function leafCount(size: number): number {
  return Math.ceil(size / MIB);
}

/**
 * §7.2: the range is exactly one node of the archive's tree hash. In MiB units with N leaves,
 * the level-i nodes cover [j·2^i, min((j+1)·2^i, N)), so a range starting at leaf P and ending
 * (exclusive) at leaf Q is a node iff some 2^i divides P and min(P + 2^i, N) = Q.
 */
export function isTreeHashAligned(range: ByteRange, size: number): boolean {
  if (!isMegabyteAligned(range, size)) return false;
  const leaves = leafCount(size);
  const first = range.start / MIB;
  const endLeaf = range.end === size - 1 ? leaves : (range.end + 1) / MIB;
  for (let span = 1; ; span *= 2) {
    if (first % span !== 0) return false;
    const nodeEnd = Math.min(first + span, leaves);
    if (nodeEnd === endLeaf) return true;
    if (nodeEnd > endLeaf) return false;
  }
}

/** A whole power of two of MiB (1, 2, 4, … MiB): the chunk sizes that tile an archive into tree nodes. */
export function isPowerOfTwoMiB(bytes: number): boolean {
  const leaves = bytes / MIB;
  return Number.isSafeInteger(leaves) && leaves >= 1 && (leaves & (leaves - 1)) === 0;
}

/**
 * Chunk `index` of an archive cut into `chunkSize` pieces (the last may be short), or null past the
 * end. With a power-of-two-MiB chunk size every chunk starts at a multiple of its size, so it is one
 * node of the archive's tree hash (isTreeHashAligned) and a ranged GetJobOutput of it carries its
 * tree hash — docs.aws.amazon.com/amazonglacier/latest/dev/checksum-calculations.html.
 */
export function alignedChunk(archiveSize: number, chunkSize: number, index: number): ByteRange | null {
  if (!isPowerOfTwoMiB(chunkSize) || !Number.isSafeInteger(index) || index < 0) return null;
  const start = index * chunkSize;
  if (start >= archiveSize) return null;
  return { start, end: Math.min(start + chunkSize, archiveSize) - 1 };
}

function validSnapInput(start: number, end: number, size: number): boolean {
  return (
    Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && start <= end && start < size
  );
}

/**
 * The smallest megabyte-aligned range enclosing [start, end]; `end` is clamped to the last byte.
 * Null when the input cannot describe bytes of the archive (negative, start > end, start ≥ size).
 */
export function snapToMegabytes(start: number, end: number, size: number): ByteRange | null {
  if (!validSnapInput(start, end, size)) return null;
  const lastByte = Math.min(end, size - 1);
  return {
    start: Math.floor(start / MIB) * MIB,
    end: Math.min((Math.floor(lastByte / MIB) + 1) * MIB - 1, size - 1),
  };
}

/**
 * The smallest tree-hash-aligned range (one tree node) enclosing [start, end], so the download
 * comes with a checksum. Same input rules as `snapToMegabytes`.
 */
export function snapToTreeHash(start: number, end: number, size: number): ByteRange | null {
  if (!validSnapInput(start, end, size)) return null;
  const leaves = leafCount(size);
  const firstLeaf = Math.floor(start / MIB);
  const lastLeaf = Math.floor(Math.min(end, size - 1) / MIB);
  let span = 1;
  while (Math.floor(firstLeaf / span) !== Math.floor(lastLeaf / span)) span *= 2;
  const nodeStart = Math.floor(firstLeaf / span) * span;
  const nodeEnd = Math.min(nodeStart + span, leaves);
  return { start: nodeStart * MIB, end: Math.min(nodeEnd * MIB, size) - 1 };
}

export type HttpRangeResult =
  | { kind: "range"; range: ByteRange }
  /** Syntactically invalid or unsupported (several ranges): RFC 9110 says ignore it and send 200. */
  | { kind: "invalid"; message: string }
  /** Well formed but selects no byte of the body: answer 416 (Content-Range with `*` and the length). */
  | { kind: "unsatisfiable"; message: string };

const HTTP_RANGE = /^bytes=(\d*)-(\d*)$/i;

/**
 * A single-range `Range` header (RFC 9110 §14.1.2): `bytes=a-b`, `bytes=a-`, `bytes=-n`.
 * An end past the last byte is clamped; a suffix longer than the body selects the whole body.
 */
export function parseHttpRange(header: string, length: number): HttpRangeResult {
  const match = HTTP_RANGE.exec(header.trim());
  const firstText = match?.[1] ?? "";
  const lastText = match?.[2] ?? "";
  if (!match || (firstText === "" && lastText === "")) {
    return { kind: "invalid", message: `Unsupported Range header "${header}": expected bytes=first-last` };
  }
  const first = firstText === "" ? null : parseDigits(firstText);
  const last = lastText === "" ? null : parseDigits(lastText);
  if ((firstText !== "" && first === null) || (lastText !== "" && last === null)) {
    return { kind: "invalid", message: `Range header "${header}" has a number out of range` };
  }
  if (first === null) {
    // Suffix range: the last n bytes.
    if (last === null || last === 0 || length === 0) {
      return { kind: "unsatisfiable", message: `Range "${header}" selects no bytes of ${length}` };
    }
    return { kind: "range", range: { start: Math.max(0, length - last), end: length - 1 } };
  }
  if (last !== null && last < first) {
    return { kind: "invalid", message: `Range header "${header}" ends before it starts` };
  }
  if (first >= length) {
    return {
      kind: "unsatisfiable",
      message: `Range "${header}" starts at or after the end (${length} bytes)`,
    };
  }
  return {
    kind: "range",
    range: { start: first, end: last === null ? length - 1 : Math.min(last, length - 1) },
  };
}

export interface OutputChecksumInput {
  /** Size of the whole archive. */
  archiveSize: number;
  /** The job's RetrievalByteRange; null when the whole archive was retrieved. */
  retrieval: ByteRange | null;
  /** The GetJobOutput range, relative to the retrieved data; null for the whole output. */
  download: ByteRange | null;
}

/**
 * Whether GetJobOutput sends `x-amz-sha256-tree-hash` (§6, the four cases): the retrieved range
 * must be a tree node of the archive, and the download range a tree node of the retrieved data.
 * Because an aligned retrieval is a whole subtree, "node of the retrieved data's own tree" is the
 * same as "node of the archive's tree after shifting by the retrieval start".
 */
export function isOutputTreeHashAligned({ archiveSize, retrieval, download }: OutputChecksumInput): boolean {
  const retrieved = retrieval ?? wholeRange(archiveSize);
  if (retrieved === null || !isTreeHashAligned(retrieved, archiveSize)) return false;
  if (download === null) return true;
  return isTreeHashAligned(download, byteRangeLength(retrieved));
}
