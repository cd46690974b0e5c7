import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, mkdirSync, readdirSync, rmSync } from "node:fs";
import { mkdir, rename, rm, unlink } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { finished, pipeline } from "node:stream/promises";
import { type ArchiveRecord } from "./archives";
import { syntheticStream } from "./synthetic";

/** Large reads: GetJobOutput must keep up with direct file reads. */
export const READ_HIGH_WATER_MARK = 1024 * 1024;

/**
 * Archive bytes on disk: `archives/<2-char prefix>/<archiveId>`, multipart parts in
 * `multipart/<uploadId>/<offset>.part`, and `tmp/` for in-flight uploads (emptied at start). Files only
 * appear under `archives/` by rename after every check passed.
 */
export class ArchiveStorage {
  readonly archivesDir: string;
  readonly multipartDir: string;
  readonly tmpDir: string;

  constructor(readonly dataDir: string) {
    this.archivesDir = path.join(dataDir, "archives");
    this.multipartDir = path.join(dataDir, "multipart");
    this.tmpDir = path.join(dataDir, "tmp");
  }

  /** Creates the folders and discards leftovers of uploads interrupted by a crash. */
  init(): void {
    for (const dir of [this.archivesDir, this.multipartDir, this.tmpDir]) mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(this.tmpDir))
      rmSync(path.join(this.tmpDir, name), { recursive: true, force: true });
  }

  tempPath(): string {
    return path.join(this.tmpDir, randomBytes(12).toString("hex"));
  }

  archivePath(archiveId: string): string {
    return path.join(this.archivesDir, archiveId.slice(0, 2), archiveId);
  }

  partPath(uploadId: string, rangeStart: number): string {
    return path.join(this.multipartDir, uploadId, `${rangeStart}.part`);
  }

  /** Moves a verified temp file into place (atomic on one file system). */
  async commitArchive(tempPath: string, archiveId: string): Promise<void> {
    const target = this.archivePath(archiveId);
    await mkdir(path.dirname(target), { recursive: true });
    await rename(tempPath, target);
  }

  async commitPart(tempPath: string, uploadId: string, rangeStart: number): Promise<void> {
    const target = this.partPath(uploadId, rangeStart);
    await mkdir(path.dirname(target), { recursive: true });
    await rename(tempPath, target);
  }

  /** Concatenates the parts, in order, into a new temp file by streaming (no part is held in memory). */
  async assembleParts(uploadId: string, rangeStarts: readonly number[]): Promise<string> {
    const tempPath = this.tempPath();
    const out = createWriteStream(tempPath, { flags: "wx", highWaterMark: READ_HIGH_WATER_MARK });
    try {
      for (const start of rangeStarts) {
        const part = createReadStream(this.partPath(uploadId, start), {
          highWaterMark: READ_HIGH_WATER_MARK,
        });
        await pipeline(part, out, { end: false });
      }
      out.end();
      await finished(out);
      return tempPath;
    } catch (err) {
      out.destroy();
      await this.discard(tempPath);
      throw err;
    }
  }

  async removeArchiveFile(archiveId: string): Promise<void> {
    await rm(this.archivePath(archiveId), { force: true });
  }

  async removeUploadParts(uploadId: string): Promise<void> {
    await rm(path.join(this.multipartDir, uploadId), { recursive: true, force: true });
  }

  async discard(tempPath: string): Promise<void> {
    await unlink(tempPath).catch(() => undefined);
  }

  /**
   * The archive's bytes [start, end] (inclusive, like fs.createReadStream), whether stored in a file
   * or synthetic. Callers validate the range against `archive.size`.
   */
  openArchiveStream(
    archive: Pick<ArchiveRecord, "id" | "size" | "storage" | "syntheticSeed">,
    start: number,
    end: number,
  ): Readable {
    if (start < 0 || end >= archive.size || start > end + 1) {
      throw new RangeError(`range ${start}-${end} outside archive of ${archive.size} bytes`);
    }
    if (end < start) return Readable.from([]);
    if (archive.storage === "synthetic") {
      if (archive.syntheticSeed === null) throw new Error(`synthetic archive ${archive.id} has no seed`);
      return syntheticStream(archive.syntheticSeed, start, end);
    }
    return createReadStream(this.archivePath(archive.id), {
      start,
      end,
      highWaterMark: READ_HIGH_WATER_MARK,
    });
  }
}
