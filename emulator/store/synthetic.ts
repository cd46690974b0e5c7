import { createCipheriv, createHash } from "node:crypto";
import { Readable } from "node:stream";

/**
 * Deterministic pseudo-random archive content: the AES-128-CTR keystream for a key derived from the
 * seed. CTR mode gives random access (start at any 16-byte block) and runs at GB/s, so a synthetic
 * archive reads as fast as a file and any byte range is reproducible without storing anything.
 */

const BLOCK = 16;
const CHUNK = 1024 * 1024;
const ZEROS = Buffer.alloc(CHUNK);

function keyFor(seed: string): Buffer {
  return createHash("sha256").update(`thaw-synthetic:${seed}`, "utf8").digest().subarray(0, 16);
}

function cipherAt(seed: string, offset: number) {
  const iv = Buffer.alloc(16);
  // The counter block holds the block index; 2^53 bytes need only the low 64 bits.
  iv.writeBigUInt64BE(BigInt(Math.floor(offset / BLOCK)), 8);
  const cipher = createCipheriv("aes-128-ctr", keyFor(seed), iv);
  const skip = offset % BLOCK;
  if (skip > 0) cipher.update(ZEROS.subarray(0, skip));
  return cipher;
}

/** Bytes [start, end] inclusive, in memory: for small archives (seeding, tests). */
export function syntheticBytes(seed: string, start: number, end: number): Buffer {
  const length = end - start + 1;
  if (length <= 0) return Buffer.alloc(0);
  const cipher = cipherAt(seed, start);
  const out = Buffer.allocUnsafe(length);
  for (let done = 0; done < length; done += CHUNK) {
    const n = Math.min(CHUNK, length - done);
    cipher.update(ZEROS.subarray(0, n)).copy(out, done);
  }
  return out;
}

/** Bytes [start, end] inclusive as a stream of ≤ 1 MiB chunks that respects backpressure. */
export function syntheticStream(seed: string, start: number, end: number): Readable {
  let position = start;
  const cipher = cipherAt(seed, start);
  return new Readable({
    highWaterMark: CHUNK,
    read() {
      if (position > end) {
        this.push(null);
        return;
      }
      const n = Math.min(CHUNK, end - position + 1);
      position += n;
      this.push(cipher.update(ZEROS.subarray(0, n)));
    },
  });
}
