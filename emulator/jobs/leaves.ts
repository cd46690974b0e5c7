import { type ByteRange, MIB, byteRangeLength, isOutputTreeHashAligned } from "../../lib/glacier/byte-range";
import { TreeHasher, combineTreeHashes } from "../../lib/glacier/tree-hash";
import { type ArchiveRecord } from "../store/archives";
import { type ArchiveStorage } from "../store/storage";
import { retrievedRange } from "./describe";
import { type JobRecord } from "./types";

/** Leaf digests of a few recent jobs stay in memory (32 bytes per MiB: 128 KiB for a 4 GiB archive). */
const MAX_CACHED_JOBS = 32;

/**
 * The 1 MiB leaf digests of an archive job's retrieved range, computed once per job on first need.
 * Any tree-hash-aligned part of the output is a subtree, so its hash combines a run of these leaves
 * and a ranged GetJobOutput never re-reads the data to hash it.
 */
export class LeafCache {
  private readonly memo = new Map<string, Promise<Buffer[]>>();

  constructor(private readonly storage: ArchiveStorage) {}

  leaves(job: JobRecord, archive: ArchiveRecord, signal?: AbortSignal): Promise<Buffer[]> {
    const cached = this.memo.get(job.id);
    if (cached) return cached;
    const range = retrievedRange(job) ?? { start: 0, end: archive.size - 1 };
    const computed = this.compute(archive, range, signal);
    this.memo.set(job.id, computed);
    computed.catch(() => this.memo.delete(job.id));
    if (this.memo.size > MAX_CACHED_JOBS) {
      const oldest = this.memo.keys().next().value;
      if (oldest !== undefined) this.memo.delete(oldest);
    }
    return computed;
  }

  forget(jobId: string): void {
    this.memo.delete(jobId);
  }

  private async compute(archive: ArchiveRecord, range: ByteRange, signal?: AbortSignal): Promise<Buffer[]> {
    const hasher = new TreeHasher();
    const stream = this.storage.openArchiveStream(archive, range.start, range.end);
    for await (const chunk of stream) {
      signal?.throwIfAborted();
      hasher.update(chunk as Buffer);
    }
    return hasher.leafDigests();
  }
}

/**
 * `x-amz-sha256-tree-hash` for a GetJobOutput of an archive job (glacier-api.md §6, the four cases):
 * null unless the retrieval and the download are tree-hash aligned. The whole archive's hash is the
 * stored one; an aligned retrieval's is the one prepared with the job; anything smaller combines leaves.
 */
export async function outputTreeHash(
  job: JobRecord,
  archive: ArchiveRecord,
  download: ByteRange | null,
  cache: LeafCache,
): Promise<string | null> {
  const retrieved = retrievedRange(job);
  if (retrieved === null) return null;
  if (!isOutputTreeHashAligned({ archiveSize: archive.size, retrieval: retrieved, download })) return null;
  const whole =
    download === null || (download.start === 0 && download.end === byteRangeLength(retrieved) - 1);
  if (whole && retrieved.start === 0 && retrieved.end === archive.size - 1) return archive.treeHash;
  if (whole && job.prepared?.treeHash) return job.prepared.treeHash;
  const part = download ?? { start: 0, end: byteRangeLength(retrieved) - 1 };
  const leaves = await cache.leaves(job, archive);
  return combineTreeHashes(leaves.slice(part.start / MIB, Math.ceil((part.end + 1) / MIB))).toString("hex");
}
