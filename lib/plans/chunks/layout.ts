import { alignedChunk, isPowerOfTwoMiB } from "@/lib/glacier/byte-range";
import { combineTreeHashes, TREE_HASH_CHUNK } from "@/lib/glacier/tree-hash";

/**
 * How an archive is cut into chunks: equal power-of-two MiB ranges (the last one shorter), so every
 * range is tree-hash aligned and GetJobOutput returns its tree hash (glacier-api.md §6, §7.2;
 * docs.aws.amazon.com/amazonglacier/latest/dev/checksum-calculations-range.html).
 */

/** At most this many chunks per item (S3's part limit, and the bound on an item's chunk rows). */
export const MAX_CHUNKS = 10_000;

export type ChunkRange = { idx: number; partNumber: number; start: number; end: number };

/** The smallest power-of-two MiB ≥ `minBytes` that cuts `size` into at most `maxChunks` chunks. */
export function powerOfTwoChunk(size: number, minBytes: number, maxChunks = MAX_CHUNKS): number {
  let chunk = TREE_HASH_CHUNK;
  while (chunk < minBytes || Math.ceil(size / chunk) > maxChunks) chunk *= 2;
  return chunk;
}

/** The ranges of an archive of `size` bytes in chunks of `chunkBytes` (inclusive ends). */
export function chunkRanges(size: number, chunkBytes: number): ChunkRange[] {
  if (!isPowerOfTwoMiB(chunkBytes))
    throw new Error(`a chunk of ${chunkBytes} bytes is not a power-of-two MiB`);
  const ranges: ChunkRange[] = [];
  for (let idx = 0, r = alignedChunk(size, chunkBytes, 0); r; r = alignedChunk(size, chunkBytes, ++idx))
    ranges.push({ idx, partNumber: idx + 1, start: r.start, end: r.end });
  return ranges;
}

/**
 * The archive's tree hash from its chunks' tree hashes, in order. A power-of-two MiB chunk is a whole
 * subtree of the archive's tree (its last chunk the same partial subtree the whole tree has there), so
 * the chunks' roots are one level of that tree and combine to its root
 * (docs.aws.amazon.com/amazonglacier/latest/dev/checksum-calculations.html).
 */
export function composeTreeHash(chunkTreeHashes: readonly string[]): string {
  return combineTreeHashes(chunkTreeHashes.map((hex) => Buffer.from(hex, "hex"))).toString("hex");
}
