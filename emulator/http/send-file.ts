import { open } from "node:fs/promises";
import { type ServerResponse } from "node:http";
import { type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

/** Buffers per response and their size: at most 4 MiB of a download is in memory at once. */
const BUFFERS = 4;
const BUFFER_BYTES = 1024 * 1024;

/**
 * Streams bytes [start, end] of a file into the response. Unlike `createReadStream`, which allocates
 * a fresh buffer for every chunk, it cycles through a few buffers, reusing one as soon as the socket
 * has taken its bytes (the write callback): allocation and page faults dominated large downloads.
 * At most BUFFERS writes are in flight, which is the backpressure. A client that goes away stops it.
 */
export async function sendFileRange(
  res: ServerResponse,
  path: string,
  start: number,
  end: number,
): Promise<void> {
  const file = await open(path, "r");
  const free: Buffer[] = Array.from({ length: BUFFERS }, () => Buffer.allocUnsafeSlow(BUFFER_BYTES));
  let wake: (() => void) | undefined;
  let gone = false;
  const stop = () => {
    gone = true;
    wake?.();
  };
  res.once("close", stop);
  try {
    for (let position = start; position <= end && !gone;) {
      if (free.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const buffer = free.pop();
      if (!buffer || gone) break;
      const { bytesRead } = await file.read(buffer, 0, Math.min(BUFFER_BYTES, end - position + 1), position);
      if (bytesRead === 0) throw new Error(`${path} ended before byte ${end}`);
      position += bytesRead;
      res.write(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead), () => {
        free.push(buffer);
        wake?.();
      });
    }
    if (!gone) res.end();
  } catch (err) {
    res.destroy(err instanceof Error ? err : new Error(String(err)));
  } finally {
    res.off("close", stop);
    await file.close();
  }
}

/** Streams a Readable into the response; a client that goes away just ends it. */
export async function sendStream(res: ServerResponse, stream: Readable): Promise<void> {
  await pipeline(stream, res).catch(() => {
    stream.destroy();
    res.destroy();
  });
}
