import "server-only";
import { Transform } from "node:stream";
import { fetchOutput, type OutputSource } from "@/lib/jobs";
import { TreeHasher } from "@/lib/glacier/tree-hash";
import { type ChunkRow } from "./store";

/**
 * What a chunk's bytes hashed to once they had all passed: the hex tree hash, equal to what Glacier
 * sent for the range. Not their SHA-256: an S3 part's is computed by the SDK as the bytes leave
 * (sent as a trailer, verified and echoed by S3), and a file region needs none; hashing each byte a
 * third time here would only cost CPU on the copy's hot path.
 */
export type ChunkDigests = { treeHash: string };

/**
 * One chunk on its way from the output to the destination: `body` yields its bytes as they arrive
 * (never the whole chunk at once), `digests` settles once the body ended and the bytes were checked.
 */
export type ChunkStream = { body: Transform; length: number; digests: Promise<ChunkDigests> };

/** A chunk whose bytes are not what Glacier says they are: read again. */
export class ChunkMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ChunkMismatchError";
  }
}

/**
 * A ranged GetJobOutput of one chunk, streamed: each piece goes through the Glacier tree hasher on
 * its way to the destination, so memory holds stream buffers, not the chunk (a chunk
 * is up to 1 GiB at 5 TiB, several copies at once). When the range ended, its tree hash is compared
 * with the one Glacier sent for the tree-hash-aligned range: on a mismatch (or a short or long body)
 * the body errors before it ends, so a destination never completes the part, and `digests` rejects.
 */
export async function streamChunk(
  source: OutputSource,
  chunk: ChunkRow,
  signal: AbortSignal,
): Promise<ChunkStream> {
  const length = chunk.range_end - chunk.range_start + 1;
  const output = await fetchOutput(source, { start: chunk.range_start, end: chunk.range_end }, signal);
  const tree = new TreeHasher();
  let passed = 0;
  let settle!: { resolve: (d: ChunkDigests) => void; reject: (e: Error) => void };
  const digests = new Promise<ChunkDigests>((resolve, reject) => (settle = { resolve, reject }));
  // A rejection nobody awaited (the destination failed first) must not be an unhandled one.
  digests.catch(() => undefined);
  const body = new Transform({
    transform(piece: Buffer, _encoding, done) {
      if (passed + piece.length > length)
        return done(new ChunkMismatchError(`GetJobOutput sent more than the ${length} bytes asked for`));
      passed += piece.length;
      tree.update(piece);
      done(null, piece);
    },
    flush(done) {
      if (passed !== length)
        return done(new ChunkMismatchError(`GetJobOutput sent ${passed} of ${length} bytes`));
      const treeHash = tree.digestHex();
      if (output.treeHash !== null && output.treeHash.toLowerCase() !== treeHash)
        return done(
          new ChunkMismatchError(
            `the bytes of ${chunk.range_start}-${chunk.range_end} hash to ${treeHash}, Glacier says ${output.treeHash}`,
          ),
        );
      settle.resolve({ treeHash });
      done();
    },
  });
  body.on("error", (error) => {
    settle.reject(error);
    output.body.destroy();
  });
  body.on("close", () => settle.reject(new Error("the chunk's body closed before it ended")));
  output.body.on("error", (error) => body.destroy(error));
  output.body.pipe(body);
  return { body, length, digests };
}
