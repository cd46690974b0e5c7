import "server-only";
import { type Readable } from "node:stream";
import { CsvInventoryScanner } from "./csv-scanner";
import { JsonInventoryScanner } from "./json-scanner";
import {
  type InventoryEntry,
  type InventoryFormat,
  type InventoryHeader,
  InventoryParseError,
} from "./types";

export { InventoryParseError } from "./types";
export type { InventoryEntry, InventoryFormat, InventoryHeader } from "./types";

/** A GetJobOutput body, a file stream, or any async source of bytes (strings are read as UTF-8). */
export type InventorySource = Readable | AsyncIterable<Uint8Array | string>;

export interface ParseInventoryOptions {
  /** Entries per batch from batches(); default 1000. */
  batchSize?: number;
  /**
   * The job's InventorySizeInBytes: a source that ends short of it is truncated. CSV cannot show a
   * cut at a line boundary by itself, so pass this whenever it is known.
   */
  expectedBytes?: number;
}

interface Scanner {
  readonly header: InventoryHeader;
  readonly archives: number;
  push(chunk: Uint8Array, out: InventoryEntry[]): void;
  end(out: InventoryEntry[]): void;
}

const DEFAULT_BATCH = 1000;

/**
 * A streaming parse of one inventory. Iterate it once, by entry or by batch; `header` fills in as
 * soon as the input has shown it (JSON writes VaultARN and InventoryDate first). Corrupt or truncated
 * input throws InventoryParseError at the point it is found, so iteration that ends normally has
 * seen the whole, valid inventory.
 */
export class InventoryParser implements AsyncIterable<InventoryEntry> {
  private readonly scanner: Scanner;
  private started = false;
  private read = 0;

  constructor(
    private readonly source: InventorySource,
    readonly format: InventoryFormat,
    private readonly options: ParseInventoryOptions = {},
  ) {
    this.scanner = format === "CSV" ? new CsvInventoryScanner() : new JsonInventoryScanner();
  }

  get header(): InventoryHeader {
    return this.scanner.header;
  }

  /** Bytes consumed from the source so far. */
  get bytesRead(): number {
    return this.read;
  }

  /** Archives produced so far. */
  get archives(): number {
    return this.scanner.archives;
  }

  async *batches(): AsyncGenerator<InventoryEntry[], void, undefined> {
    const size = Math.max(1, this.options.batchSize ?? DEFAULT_BATCH);
    let pending: InventoryEntry[] = [];
    for await (const bytes of this.chunks()) {
      this.scanner.push(bytes, pending);
      if (pending.length >= size) {
        const full = Math.floor(pending.length / size) * size;
        for (let k = 0; k < full; k += size) yield pending.slice(k, k + size);
        pending = pending.slice(full);
      }
    }
    this.scanner.end(pending);
    this.checkLength();
    if (pending.length > 0) yield pending;
  }

  private async *chunks(): AsyncGenerator<Uint8Array, void, undefined> {
    if (this.started) throw new Error("an inventory source can be read only once");
    this.started = true;
    for await (const chunk of this.source as AsyncIterable<Uint8Array | string>) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
      this.read += bytes.byteLength;
      yield bytes;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<InventoryEntry, void, undefined> {
    for await (const batch of this.batches()) yield* batch;
  }

  private checkLength(): void {
    const expected = this.options.expectedBytes;
    if (expected === undefined || expected === this.read) return;
    const problem =
      this.read < expected
        ? `the input ended after ${this.read} of ${expected} bytes (truncated)`
        : `the input is ${this.read} bytes, more than the ${expected} expected`;
    throw new InventoryParseError(problem, { byte: this.read });
  }
}

/** Streams a Glacier inventory (JSON or CSV) as entries; see InventoryParser. */
export function parseInventory(
  source: InventorySource,
  format: InventoryFormat,
  options?: ParseInventoryOptions,
): InventoryParser {
  return new InventoryParser(source, format, options);
}
