import "server-only";
import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { PlanValidationError } from "../errors";
import { MANIFEST_NAME } from "../ordering";
import { powerOfTwoChunk } from "../chunks/layout";
import {
  type ChunkSettings,
  compareReadBack,
  type DestinationWriter,
  diskFullOr,
  measure,
  type OpenUpload,
  type PartToWrite,
  PartsGoneError,
  type ReadBack,
  type StoredPart,
  type WrittenPart,
} from "./types";

const MIB = 1024 * 1024;
/** A directory has no upload id: the item's handle only says its temporary file was started. */
const DIRECTORY_HANDLE = "file";

/** `dir` resolved (symlinks too, as far as it exists) lies inside one of `roots`. */
async function realOrResolved(dir: string): Promise<string> {
  let existing = path.resolve(dir);
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(await fs.realpath(existing), ...rest);
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return path.resolve(dir);
      rest.unshift(path.basename(existing));
      existing = parent;
    }
  }
}

export async function insideRoots(dir: string, roots: readonly string[]): Promise<boolean> {
  const real = await realOrResolved(dir);
  for (const root of roots) {
    const realRoot = await realOrResolved(root);
    if (real === realRoot || real.startsWith(realRoot + path.sep)) return true;
  }
  return false;
}

/**
 * Files under a server directory. A copy is written chunk by chunk into `<key>.part` (each region
 * synced to disk before it counts as stored) and renamed once every chunk is there and their tree
 * hashes compose to the archive's, so a file under its final name is always complete and verified.
 */
export class DirectoryDestination implements DestinationWriter {
  constructor(
    readonly root: string,
    private readonly allowedRoots: readonly string[],
  ) {}

  /** `work`, its "no space left" said in the screen's words (DestinationFullError). */
  private async spaceChecked<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw diskFullOr(error, this.root);
    }
  }

  private file(key: string): string {
    const file = path.resolve(this.root, key);
    // Keys are made safe by objectKeyFor; this is the second lock on the door.
    if (!file.startsWith(path.resolve(this.root) + path.sep))
      throw new Error(`key escapes the directory: ${key}`);
    return file;
  }

  async probe(): Promise<void> {
    const field = "destination.path";
    if (!(await insideRoots(this.root, this.allowedRoots)))
      throw new PlanValidationError(
        `The directory must be inside an allowed export directory (${this.allowedRoots.join(", ")}).`,
        field,
      );
    try {
      await fs.mkdir(this.root, { recursive: true });
    } catch (error) {
      throw new PlanValidationError(
        `The directory cannot be created: ${(error as NodeJS.ErrnoException).code ?? "error"}.`,
        field,
      );
    }
    // Created through a symlink that leads out of the roots? Check the real path again.
    if (!(await insideRoots(this.root, this.allowedRoots)))
      throw new PlanValidationError("The directory leads outside the allowed export directories.", field);
    const probe = path.join(this.root, `.thaw-probe-${randomUUID()}`);
    try {
      await fs.writeFile(probe, "probe");
      await fs.rm(probe, { force: true });
    } catch (error) {
      throw new PlanValidationError(
        `The directory is not writable: ${(error as NodeJS.ErrnoException).code ?? "error"}.`,
        field,
      );
    }
  }

  chunkBytesFor(size: number, settings: ChunkSettings): number {
    return powerOfTwoChunk(size, settings.floorBytes);
  }

  /** The temporary file, empty: a copy starting over (no chunk stored yet) drops what an older one left. */
  async begin(key: string): Promise<string> {
    const file = this.file(key);
    await this.spaceChecked(async () => {
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(`${file}.part`, "");
    });
    return DIRECTORY_HANDLE;
  }

  /**
   * The chunk at its offset in the temporary file, written piece by piece as its body streams in (no
   * whole-chunk buffer), on disk (fdatasync) before it counts as stored. A body that errors (a chunk
   * that failed its tree hash) leaves a region a retry overwrites.
   */
  async writePart(key: string, _handle: string, part: PartToWrite): Promise<StoredPart> {
    // "r+": a temporary file that vanished is not silently made anew with holes where its regions were.
    const handle = await fs.open(`${this.file(key)}.part`, "r+").catch((error: unknown) => {
      part.body.destroy();
      throw (error as NodeJS.ErrnoException).code === "ENOENT" ? new PartsGoneError(key) : error;
    });
    try {
      await this.spaceChecked(() => writeRegion(handle, part));
    } finally {
      await handle.close();
    }
    return { etag: null, sha256: null };
  }

  /** Every region was checked on its way in: the file takes its name (again, after a crash, is fine). */
  async finish(key: string, _handle: string, _parts: readonly WrittenPart[], size: number): Promise<void> {
    const file = this.file(key);
    if (!(await exists(`${file}.part`)) && (await exists(file))) return;
    const stat = await fs.stat(`${file}.part`).catch((error: unknown) => {
      throw (error as NodeJS.ErrnoException).code === "ENOENT" ? new PartsGoneError(key) : error;
    });
    if (stat.size !== size) throw new Error(`the temporary file holds ${stat.size} bytes, expected ${size}`);
    await fs.rename(`${file}.part`, file);
  }

  async verify(key: string, size: number, treeHash: string): Promise<ReadBack> {
    return compareReadBack(
      await measure(createReadStream(this.file(key), { highWaterMark: MIB })),
      size,
      treeHash,
    );
  }

  async discard(key: string): Promise<void> {
    await fs.rm(`${this.file(key)}.part`, { force: true });
  }

  /** A directory has no uploads to list (see the interface). */
  async *openUploads(): AsyncIterable<OpenUpload> {
    return;
  }

  async writeManifest(text: string): Promise<void> {
    const file = path.join(this.root, MANIFEST_NAME);
    const temporary = `${file}.${randomUUID()}.tmp`;
    await this.spaceChecked(() => fs.writeFile(temporary, text));
    await fs.rename(temporary, file);
  }

  async writeManifestLines(lines: AsyncIterable<string>): Promise<void> {
    const file = path.join(this.root, MANIFEST_NAME);
    const temporary = `${file}.${randomUUID()}.tmp`;
    await fs.mkdir(this.root, { recursive: true });
    try {
      // pipeline waits on the file's backpressure: memory holds a page of lines, not the manifest.
      // One page of lines waits at a time (Readable.from would queue 16 pages by default).
      await this.spaceChecked(() =>
        pipeline(
          Readable.from(lines, { highWaterMark: 1 }),
          createWriteStream(temporary, { highWaterMark: MIB }),
        ),
      );
      await fs.rename(temporary, file);
    } finally {
      await fs.rm(temporary, { force: true });
    }
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

/** One part's bytes at their offset, as they stream in, then synced to disk. */
async function writeRegion(handle: fs.FileHandle, part: PartToWrite): Promise<void> {
  let position = part.offset;
  for await (const piece of part.body as AsyncIterable<Buffer>) {
    for (let written = 0; written < piece.length;) {
      const { bytesWritten } = await handle.write(piece, written, piece.length - written, position);
      written += bytesWritten;
      position += bytesWritten;
    }
  }
  if (position - part.offset !== part.length)
    throw new Error(`part ${part.partNumber} had ${position - part.offset} bytes, not ${part.length}`);
  await handle.datasync();
}
