import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { open, rm, truncate } from "node:fs/promises";
import path from "node:path";
import { type Readable, Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { perServices } from "../per-services";
import { GatheredFileWriter } from "./gathered-writer";
import { S3Repository } from "./repository";

export interface WrittenFile {
  file: string;
  size: number;
  /** Hex MD5 of the bytes (the ETag of a single-part object). */
  md5: string;
}

/** MD5 and size of what passes; more than `limit` bytes is an error (a part must not spill out of its slot). */
class Md5Counter extends Transform {
  readonly hash = createHash("md5");
  size = 0;

  constructor(private readonly limit = Number.POSITIVE_INFINITY) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.limit) {
      done(new Error(`more than the ${this.limit} bytes announced`));
      return;
    }
    this.hash.update(chunk);
    done(null, chunk);
  }
}

/** Large copies between files go through one buffer of this size (no streams, no hashing). */
const COPY_BUFFER = 8 * 1024 * 1024;

export interface FileRange {
  file: string;
  start: number;
  length: number;
}

/** Object bytes on disk: `s3/objects/<random name>`; a name is referenced once its file is complete. */
export class S3Files {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, "s3", "objects");
    mkdirSync(this.dir, { recursive: true });
  }

  newName(): string {
    return randomBytes(16).toString("hex");
  }

  path(file: string): string {
    return path.join(this.dir, file);
  }

  /** Streams `source` into a new file, computing size and MD5; the file is removed on failure. */
  async write(source: Readable | AsyncIterable<Uint8Array>, signal?: AbortSignal): Promise<WrittenFile> {
    const file = this.newName();
    const counter = new Md5Counter();
    try {
      await pipeline(source, counter, new GatheredFileWriter(this.path(file), "wx", 0), { signal });
    } catch (err) {
      await this.remove(file);
      throw err;
    }
    return { file, size: counter.size, md5: counter.hash.digest("hex") };
  }

  /** A small object written at once (a manifest, job.txt): a new file with its size and MD5. */
  writeSmall(data: Buffer): WrittenFile {
    const file = this.newName();
    writeFileSync(this.path(file), data, { flag: "wx" });
    return { file, size: data.length, md5: createHash("md5").update(data).digest("hex") };
  }

  /** An empty file, to be filled at offsets (a multipart upload's parts, written in place). */
  createEmpty(): string {
    const file = this.newName();
    writeFileSync(this.path(file), "", { flag: "wx" });
    return file;
  }

  /**
   * Streams `source` into the existing `file` from byte `offset`, at most `limit` bytes, computing
   * size and MD5. On failure the bytes written so far stay, unreferenced, in a region nobody reads.
   */
  async writeAt(file: string, offset: number, limit: number, source: Readable): Promise<WrittenFile> {
    const counter = new Md5Counter(limit);
    await pipeline(source, counter, new GatheredFileWriter(this.path(file), "r+", offset));
    return { file, size: counter.size, md5: counter.hash.digest("hex") };
  }

  /** Copies the ranges, in order, into `file` from byte `offset` (a plain copy: the bytes were checked on arrival). */
  async copyInto(file: string, offset: number, ranges: readonly FileRange[]): Promise<void> {
    const target = await open(this.path(file), "r+");
    const buffer = Buffer.allocUnsafe(COPY_BUFFER);
    let at = offset;
    try {
      for (const range of ranges) {
        const source = await open(this.path(range.file), "r");
        try {
          for (let done = 0; done < range.length;) {
            const { bytesRead } = await source.read(
              buffer,
              0,
              Math.min(COPY_BUFFER, range.length - done),
              range.start + done,
            );
            if (bytesRead === 0)
              throw new Error(`${range.file} ends before byte ${range.start + range.length}`);
            await target.write(buffer, 0, bytesRead, at);
            done += bytesRead;
            at += bytesRead;
          }
        } finally {
          await source.close();
        }
      }
    } finally {
      await target.close();
    }
  }

  async truncate(file: string, length: number): Promise<void> {
    await truncate(this.path(file), length);
  }

  /** Moves a finished file from elsewhere on the same file system into the store. */
  adopt(sourcePath: string): string {
    const file = this.newName();
    renameSync(sourcePath, this.path(file));
    return file;
  }

  async remove(file: string | undefined): Promise<void> {
    if (file !== undefined) await rm(this.path(file), { force: true });
  }

  /** Deletes files no row references (left by a crash mid-write). */
  async sweep(referenced: Set<string>): Promise<void> {
    await Promise.all(
      readdirSync(this.dir)
        .filter((f) => !referenced.has(f))
        .map((f) => this.remove(f)),
    );
  }
}

export interface S3Runtime {
  repo: S3Repository;
  files: S3Files;
  /** `<upload id>:<part number>` of parts being written in place right now (one writer per slot). */
  placing: Set<string>;
}

/** The S3 store of one emulator instance (created on first use). */
export const s3Runtime = perServices<S3Runtime>((services) => ({
  repo: new S3Repository(services.store.db),
  files: new S3Files(services.storage.dataDir),
  placing: new Set(),
})).get;
