import { type FileHandle, open } from "node:fs/promises";
import { Writable } from "node:stream";

/** Bytes gathered before one write: an upload's pieces arrive a socket read (≤ 64 KiB) at a time. */
const GATHER_BYTES = 1024 * 1024;

/**
 * A file written from `start` in gathered runs: pieces are held (not copied) until a MiB is in, then
 * written with one positional writev. fs.WriteStream writes each piece as it comes, one thread-pool
 * round trip per socket read (twice as many for an aws-chunked body, whose frames split reads): on a
 * busy machine those wake-ups cost the server more than the bytes themselves.
 */
export class GatheredFileWriter extends Writable {
  private handle: FileHandle | null = null;
  private pieces: Buffer[] = [];
  private gathered = 0;
  private position: number;

  constructor(
    private readonly filePath: string,
    private readonly flags: "wx" | "r+",
    start: number,
  ) {
    super();
    this.position = start;
  }

  override _construct(callback: (error?: Error | null) => void): void {
    open(this.filePath, this.flags).then(
      (handle) => {
        this.handle = handle;
        callback();
      },
      (error: Error) => callback(error),
    );
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.pieces.push(chunk);
    this.gathered += chunk.length;
    if (this.gathered < GATHER_BYTES) return callback();
    this.flush().then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.flush().then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const handle = this.handle;
    this.handle = null;
    if (!handle) return callback(error);
    handle.close().then(
      () => callback(error),
      (closeError: Error) => callback(error ?? closeError),
    );
  }

  private async flush(): Promise<void> {
    let pieces = this.pieces;
    this.pieces = [];
    this.gathered = 0;
    while (pieces.length > 0) {
      if (!this.handle) throw new Error("the file is closed");
      const { bytesWritten } = await this.handle.writev(pieces, this.position);
      this.position += bytesWritten;
      // A short write (rare on a regular file) goes on with what is left.
      let skip = bytesWritten;
      while (pieces.length > 0 && skip >= (pieces[0] as Buffer).length)
        skip -= (pieces.shift() as Buffer).length;
      if (skip > 0 && pieces.length > 0) pieces = [(pieces[0] as Buffer).subarray(skip), ...pieces.slice(1)];
    }
  }
}
