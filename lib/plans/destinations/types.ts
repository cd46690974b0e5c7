import "server-only";
import { type Readable } from "node:stream";
import { TreeHasher } from "@/lib/glacier/tree-hash";

/** Where a plan's archives go. Keys are relative (already safe: lib/plans/ordering objectKeyFor). */
export interface DestinationWriter {
  /** Refuses (PlanValidationError) when the destination is missing or not writable; writes nothing lasting. */
  probe(): Promise<void>;
  /** Streams `body` to `key`; a directory keeps it under a temporary name until `verify` accepts it. */
  write(key: string, body: Readable, size: number, hooks: WriteHooks): Promise<void>;
  /** Reads what was stored back: its size and tree hash must equal the archive's. */
  verify(key: string, size: number, treeHash: string): Promise<ReadBack>;
  /** Removes what a copy that died left behind (a temporary file, an unfinished multipart upload). */
  discard(key: string, uploadId: string | null): Promise<void>;
  /** Replaces the manifest with `text`. */
  writeManifest(text: string): Promise<void>;
  /**
   * Replaces the manifest with the concatenated `lines`, streamed (a file by appends then a rename,
   * S3 by a multipart upload): a manifest of millions of lines is never one string.
   */
  writeManifestLines(lines: AsyncIterable<string>): Promise<void>;
}

export type WriteHooks = {
  signal?: AbortSignal | undefined;
  onUploadId?: (uploadId: string) => Promise<void>;
};

export type ReadBack = { ok: true } | { ok: false; problem: string };

/** Size and tree hash of a stream, read to its end. */
export async function measure(body: AsyncIterable<Uint8Array>): Promise<{ bytes: number; treeHash: string }> {
  const hasher = new TreeHasher();
  for await (const chunk of body) hasher.update(chunk);
  return { bytes: hasher.bytes, treeHash: hasher.digestHex() };
}

export function compareReadBack(
  read: { bytes: number; treeHash: string },
  size: number,
  treeHash: string,
): ReadBack {
  if (read.bytes !== size) return { ok: false, problem: `stored ${read.bytes} bytes, expected ${size}` };
  if (read.treeHash !== treeHash.toLowerCase())
    return { ok: false, problem: `stored tree hash ${read.treeHash} differs from the archive's ${treeHash}` };
  return { ok: true };
}
