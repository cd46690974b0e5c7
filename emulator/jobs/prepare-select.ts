import { createHash } from "node:crypto";
import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";
import path from "node:path";
import { finished } from "node:stream/promises";
import { resultKey } from "../../lib/glacier/select-output-layout";
import { compileSelect, runSelect } from "../select";
import { type ArchiveRecord } from "../store/archives";
import { type ArchiveStorage } from "../store/storage";
import { type Prepared, type SelectJobParams, type StagedObject } from "./types";

/** Output is handed to the part writer in pieces of about this size, each ending at a record. */
const FLUSH_BYTES = 256 * 1024;

interface OpenPart {
  index: number;
  file: string;
  out: WriteStream;
  md5: ReturnType<typeof createHash>;
  size: number;
}

/**
 * Writes runSelect's output into `results-<n>.csv` files of about `partBytes` each (the emulator's
 * selectResultPartBytes option). A part is closed once it reaches that size, between two pieces of
 * output, so no record is split across parts.
 */
class PartWriter {
  readonly parts: StagedObject[] = [];
  private current: OpenPart | undefined;

  constructor(
    private readonly jobDir: string,
    private readonly outputPath: string,
    private readonly partBytes: number,
  ) {}

  async write(chunk: Buffer): Promise<void> {
    const part = this.current ?? this.open(this.parts.length);
    part.md5.update(chunk);
    part.size += chunk.length;
    if (!part.out.write(chunk)) await once(part.out, "drain");
    if (part.size >= this.partBytes) await this.close();
  }

  /** Closes the open part; with nothing written at all, leaves one empty part so results always exist. */
  async close(): Promise<void> {
    const part = this.current ?? (this.parts.length === 0 ? this.open(0) : undefined);
    if (!part) return;
    this.current = undefined;
    part.out.end();
    await finished(part.out);
    this.parts.push({
      key: resultKey(this.outputPath, part.index),
      file: part.file,
      size: part.size,
      etag: part.md5.digest("hex"),
    });
  }

  destroy(): void {
    this.current?.out.destroy();
  }

  private open(index: number): OpenPart {
    const file = `results-${String(index).padStart(5, "0")}.csv`;
    const out = createWriteStream(path.join(this.jobDir, file));
    this.current = { index, file, out, md5: createHash("md5"), size: 0 };
    return this.current;
  }
}

/**
 * Runs the select expression over the archive (streamed) and stages the CSV result parts in the job's
 * folder; they are published to S3 when the job completes. A bad expression or a data error throws
 * the engine's SelectError, which fails the job with its message.
 */
export async function prepareSelect(
  storage: ArchiveStorage,
  params: SelectJobParams,
  archive: ArchiveRecord,
  jobDir: string,
  signal: AbortSignal,
  options: { partBytes: number; now?: (() => Date) | undefined },
): Promise<Prepared> {
  const { SelectParameters: select } = params;
  const compiled = compileSelect(select.Expression);
  const writer = new PartWriter(jobDir, params.JobOutputPath, options.partBytes);
  try {
    const output = runSelect({
      expression: compiled,
      input: storage.openArchiveStream(archive, 0, archive.size - 1),
      inputCsv: select.InputSerialization.csv,
      outputCsv: select.OutputSerialization.csv,
      // Small parts (a test's) get pieces no larger than a part, so each holds whole records.
      flushBytes: Math.min(FLUSH_BYTES, options.partBytes),
      now: options.now,
    });
    for await (const chunk of output) {
      signal.throwIfAborted();
      await writer.write(chunk);
    }
    await writer.close();
  } catch (err) {
    writer.destroy();
    throw err;
  }
  return { results: writer.parts };
}
