import { createHash, randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, readdirSync, renameSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { type Readable, Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type EmulatorServices } from "../module";
import { S3Repository } from "./repository";

export interface WrittenFile {
  file: string;
  size: number;
  /** Hex MD5 of the bytes (the ETag of a single-part object). */
  md5: string;
}

class Md5Counter extends Transform {
  readonly hash = createHash("md5");
  size = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    done(null, chunk);
  }
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
      await pipeline(source, counter, createWriteStream(this.path(file), { flags: "wx" }), { signal });
    } catch (err) {
      await this.remove(file);
      throw err;
    }
    return { file, size: counter.size, md5: counter.hash.digest("hex") };
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
}

const runtimes = new WeakMap<EmulatorServices, S3Runtime>();

/** The S3 store of one emulator instance (created on first use). */
export function s3Runtime(services: EmulatorServices): S3Runtime {
  let runtime = runtimes.get(services);
  if (!runtime) {
    runtime = { repo: new S3Repository(services.store.db), files: new S3Files(services.storage.dataDir) };
    runtimes.set(services, runtime);
  }
  return runtime;
}
