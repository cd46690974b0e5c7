/**
 * The Select engine's input: UTF-8 chunks decoded and split by the shared CSV reader
 * (`lib/glacier/csv-reader.ts`, which the wizard's preview uses too), its errors raised as the
 * engine's SelectError so a job fails with the same code and record.
 */

import { CsvReadError, type CsvReadOptions, CsvRecordParser } from "../../lib/glacier/csv-reader";
import { SelectError } from "../../lib/glacier/select";

export type { CsvReadOptions } from "../../lib/glacier/csv-reader";

function asSelectError(error: unknown): unknown {
  return error instanceof CsvReadError
    ? new SelectError(error.code, error.detail, undefined, error.record)
    : error;
}

/** Decodes UTF-8 chunks (a character may straddle two) and yields batches of complete records. */
export async function* readCsvRecords(
  input: AsyncIterable<Uint8Array | string>,
  options: CsvReadOptions,
): AsyncGenerator<string[][]> {
  const parser = new CsvRecordParser(options);
  const decoder = new TextDecoder("utf-8");
  const read = (text: string): string[][] => {
    try {
      return parser.push(text);
    } catch (error) {
      throw asSelectError(error);
    }
  };
  for await (const chunk of input) {
    const records = read(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
    if (records.length > 0) yield records;
  }
  const last = read(decoder.decode());
  try {
    last.push(...parser.end());
  } catch (error) {
    throw asSelectError(error);
  }
  if (last.length > 0) yield last;
}
