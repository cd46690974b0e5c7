/** Test helpers for the shared CSV reader (imported by *.test.ts only, in lib/glacier and the emulator). */
import { type CsvReadOptions, CsvRecordParser } from "@/lib/glacier/csv-reader";

/** InputSerialization.csv's defaults, without comments. */
export const CSV_TEST_DEFAULTS: CsvReadOptions = {
  fieldDelimiter: ",",
  recordDelimiter: "\n",
  quoteCharacter: '"',
  quoteEscapeCharacter: '"',
  comments: null,
};

/** Parses text fed in pieces of `size` characters (whole by default), so every boundary case gets exercised. */
export function parseInPieces(
  text: string,
  options: Partial<CsvReadOptions> = {},
  size = Infinity,
): string[][] {
  const parser = new CsvRecordParser({ ...CSV_TEST_DEFAULTS, ...options });
  const records: string[][] = [];
  const step = Number.isFinite(size) ? size : Math.max(text.length, 1);
  for (let i = 0; i < text.length; i += step) records.push(...parser.push(text.slice(i, i + step)));
  records.push(...parser.end());
  return records;
}
