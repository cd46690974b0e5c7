import "server-only";
import { createHash } from "node:crypto";
import { fetchOutput, type OutputSource } from "@/lib/jobs";
import { TreeHasher } from "@/lib/glacier/tree-hash";
import { type ChunkRow } from "./store";

/** One chunk as read from the output: its bytes and the checksums the destination and the archive need. */
export type ReadChunk = {
  bytes: Buffer;
  /** Base64 SHA-256, as S3's x-amz-checksum-sha256 wants it. */
  sha256: string;
  /** Hex tree hash, equal to what Glacier sent for the range. */
  treeHash: string;
};

/** A chunk whose bytes are not what Glacier says they are: read again. */
export class ChunkMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ChunkMismatchError";
  }
}

/**
 * A ranged GetJobOutput of one chunk, read whole into memory (it goes out as one S3 part, whose
 * SHA-256 must be known before it is sent; a chunk is at most the part size), checked against the
 * tree hash Glacier returns for a tree-hash-aligned range.
 */
export async function readChunk(
  source: OutputSource,
  chunk: ChunkRow,
  signal: AbortSignal,
): Promise<ReadChunk> {
  const length = chunk.range_end - chunk.range_start + 1;
  const output = await fetchOutput(source, { start: chunk.range_start, end: chunk.range_end }, signal);
  const bytes = Buffer.allocUnsafe(length);
  const tree = new TreeHasher();
  const sha = createHash("sha256");
  let filled = 0;
  try {
    for await (const piece of output.body as AsyncIterable<Buffer>) {
      if (filled + piece.length > length)
        throw new ChunkMismatchError(`GetJobOutput sent more than the ${length} bytes asked for`);
      piece.copy(bytes, filled);
      filled += piece.length;
      tree.update(piece);
      sha.update(piece);
    }
  } finally {
    output.body.destroy();
  }
  if (filled !== length) throw new ChunkMismatchError(`GetJobOutput sent ${filled} of ${length} bytes`);
  const treeHash = tree.digestHex();
  if (output.treeHash !== null && output.treeHash.toLowerCase() !== treeHash)
    throw new ChunkMismatchError(
      `the bytes of ${chunk.range_start}-${chunk.range_end} hash to ${treeHash}, Glacier says ${output.treeHash}`,
    );
  return { bytes, sha256: sha.digest("base64"), treeHash };
}
