import "server-only";
import { type Readable } from "node:stream";
import { type S3Limits } from "@/lib/glacier/s3-part-size";
import { TreeHasher } from "@/lib/glacier/tree-hash";

/** Where a plan's archives go. Keys are relative (already safe: lib/plans/ordering objectKeyFor). */
export interface DestinationWriter {
  /** Refuses (PlanValidationError) when the destination is missing or not writable; writes nothing lasting. */
  probe(): Promise<void>;
  /**
   * The chunk size for an archive of `size` bytes: a power-of-two MiB (one S3 part, one file region).
   * Throws DestinationRefusedError when the destination cannot hold the archive at all.
   */
  chunkBytesFor(size: number, settings: ChunkSettings): number;
  /**
   * Starts storing `key` in parts; returns the handle the parts are written under (an S3 upload id),
   * kept on the item so a copy resumed by another process finds its parts.
   */
  begin(key: string, size: number, signal: AbortSignal): Promise<string>;
  /**
   * Stores one part durably, streaming its body (never holding the part whole); returns its ETag
   * (null where there is none) and the SHA-256 the destination computed of it (null where none).
   * Rejects when the body errors: the part is then not stored, or stored only to be overwritten.
   */
  writePart(key: string, handle: string, part: PartToWrite, signal: AbortSignal): Promise<StoredPart>;
  /** Makes the parts, in order, the object under `key` (S3 CompleteMultipartUpload, a file's rename). */
  finish(
    key: string,
    handle: string,
    parts: readonly WrittenPart[],
    size: number,
    signal: AbortSignal,
  ): Promise<void>;
  /** Reads what was stored back (only when a plan asks for read-back): size and tree hash must match. */
  verify(key: string, size: number, treeHash: string): Promise<ReadBack>;
  /** Removes what an unfinished copy left behind (a temporary file, an unfinished multipart upload). */
  discard(key: string, handle: string | null): Promise<void>;
  /**
   * The unfinished uploads under the destination (S3: ListMultipartUploads on its prefix), so those no
   * item knows (a process that died between starting one and saving its id) can be discarded. A
   * directory has none to list: a copy's temporary file is found by its key and replaced at begin.
   */
  openUploads(): AsyncIterable<OpenUpload>;
  /** Replaces the manifest with `text`. */
  writeManifest(text: string): Promise<void>;
  /**
   * Replaces the manifest with the concatenated `lines`, streamed (a file by appends then a rename,
   * S3 by a multipart upload): a manifest of millions of lines is never one string.
   */
  writeManifestLines(lines: AsyncIterable<string>): Promise<void>;
}

/** What a step knows of chunk sizes: the plan's smallest chunk, and S3's limits (lowered in tests). */
export type ChunkSettings = { floorBytes: number; s3Limits?: Readonly<S3Limits> | undefined };

/** The destination cannot take this archive (too large for S3): the item fails with this message. */
export class DestinationRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DestinationRefusedError";
  }
}

/**
 * The destination's file system has no space left (ENOSPC) or the writer's quota is used up (EDQUOT).
 * Not a refusal: space can come back, so the chunk is retried, and the item fails with this message
 * only after its tries; its output stays usable, so a retry of the failed archives copies it again
 * without a new retrieval.
 */
export class DestinationFullError extends Error {
  constructor(root: string, code: string) {
    super(
      `The destination disk is full (${code === "EDQUOT" ? "disk quota exceeded" : "no space left on the device"} of ${root}). Free some space, then retry the failed archives.`,
    );
    this.name = "DestinationFullError";
  }
}

/** `error` as DestinationFullError when it says the disk is full; otherwise `error` itself. */
export function diskFullOr(error: unknown, root: string): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === "ENOSPC" || code === "EDQUOT" ? new DestinationFullError(root, code) : error;
}

/** An unfinished upload as the destination lists it; `manifest`: the plan's manifest's own upload. */
export type OpenUpload = { key: string; handle: string; initiated: Date | null; manifest: boolean };

/** One chunk on its way out: `length` bytes of `body`, starting at `offset` in the archive. */
export type PartToWrite = { partNumber: number; offset: number; length: number; body: Readable };

/** What the destination says of a stored part: its ETag, and its base64 SHA-256 (S3 computes it). */
export type StoredPart = { etag: string | null; sha256: string | null };

/** A stored part as the completion needs it. */
export type WrittenPart = { partNumber: number; etag: string | null; sha256: string | null };

/** What a copy had stored is gone (a temporary file removed, an upload aborted): it must start over. */
export class PartsGoneError extends Error {
  constructor(key: string) {
    super(`the stored parts of ${key} are gone`);
    this.name = "PartsGoneError";
  }
}

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
