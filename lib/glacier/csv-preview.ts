/**
 * A live preview of how Glacier Select will split CSV input: a pasted sample is cut into records
 * and fields with the chosen InputSerialization.csv, so an admin sees `_1`, `_2`, … (and header
 * names) before paying for a job. The splitting is the Select engine's own reader (`csv-reader.ts`,
 * which the emulator's engine uses too), with the details a preview shows: where each record
 * starts, which fields were quoted, how many escapes collapsed. Pure and isomorphic.
 */

import { type CsvReadError, type CsvReadOptions, readCsvText } from "./csv-reader";
import { CSV_DEFAULTS, type CsvInputSerialization, ruleCsvInput } from "./csv-serialization-rules";
import { type FileHeaderInfo } from "./job-types";
import { type JobIssue } from "./rule-issues";

export interface CsvPreviewField {
  value: string;
  /** The field was wrapped in the quote character (delimiters inside it are data). */
  quoted: boolean;
  /** How many escape sequences (doubled quote, escape+quote, escape+escape) were collapsed. */
  escapes: number;
}

export type CsvPreviewRecordRole = "header" | "ignored-header" | "data";

export interface CsvPreviewRecord {
  role: CsvPreviewRecordRole;
  /** 1-based line of the sample where the record starts (a quoted line break spans lines). */
  line: number;
  fields: CsvPreviewField[];
}

export interface CsvPreviewColumn {
  /** Positional name usable in SQL: `s._1`. */
  position: string;
  /** The header's name for the column with FileHeaderInfo USE, else null. */
  name: string | null;
}

export interface CsvPreviewOptions {
  /** Records shown at most (the rest are counted). */
  maxRecords?: number;
}

export type CsvPreview =
  | {
      ok: true;
      columns: CsvPreviewColumn[];
      records: CsvPreviewRecord[];
      /** Records beyond `maxRecords`. */
      hiddenRecords: number;
      skippedComments: number;
      skippedEmptyLines: number;
      /** A problem in the sample itself (e.g. an unterminated quote): the records before it are still shown. */
      problem: string | null;
    }
  | { ok: false; issues: JobIssue[] };

interface RawRecord {
  line: number;
  fields: CsvPreviewField[];
}

function readOptionsOf(csv: CsvInputSerialization): CsvReadOptions {
  return {
    fieldDelimiter: csv.FieldDelimiter ?? CSV_DEFAULTS.FieldDelimiter,
    quoteCharacter: csv.QuoteCharacter ?? CSV_DEFAULTS.QuoteCharacter,
    quoteEscapeCharacter: csv.QuoteEscapeCharacter ?? CSV_DEFAULTS.QuoteEscapeCharacter,
    comments: csv.Comments ?? null,
    recordDelimiter: csv.RecordDelimiter ?? CSV_DEFAULTS.RecordDelimiter,
  };
}

/** 1-based line of each offset (ascending) in `text`. */
function linesAt(text: string, offsets: readonly number[]): number[] {
  let line = 1;
  let from = 0;
  return offsets.map((offset) => {
    for (let k = text.indexOf("\n", from); k !== -1 && k < offset; k = text.indexOf("\n", k + 1)) line++;
    from = Math.max(from, offset);
    return line;
  });
}

function problemOf(text: string, error: CsvReadError | null, quote: string): string | null {
  if (error === null) return null;
  if (error.code !== "CsvUnterminatedQuote") return error.message;
  const line = text.split("\n").length;
  return `The sample ends inside a quoted field (line ${line}): a closing ${JSON.stringify(quote)} is missing`;
}

interface SampleRead {
  records: RawRecord[];
  comments: number;
  emptyLines: number;
  problem: string | null;
}

function readSample(sample: string, csv: CsvInputSerialization): SampleRead {
  const options = readOptionsOf(csv);
  const read = readCsvText(sample, options);
  const lines = linesAt(
    sample,
    read.records.map((r) => r.detail.offset),
  );
  return {
    records: read.records.map((r, k) => ({
      line: lines[k] ?? 1,
      fields: r.values.map((value, f) => ({
        value,
        quoted: r.detail.quoted[f] ?? false,
        escapes: r.detail.escapes[f] ?? 0,
      })),
    })),
    comments: read.comments,
    emptyLines: read.emptyLines,
    problem: problemOf(sample, read.error, options.quoteCharacter),
  };
}

/** Splits a sample into records of fields (values only), exactly as the Select engine reads them. */
export function splitCsvSample(
  sample: string,
  csv: CsvInputSerialization = {},
): { records: string[][]; problem: string | null } {
  const options = readOptionsOf(csv);
  const read = readCsvText(sample, options);
  return {
    records: read.records.map((r) => r.values),
    problem: problemOf(sample, read.error, options.quoteCharacter),
  };
}

function roleOf(index: number, header: FileHeaderInfo): CsvPreviewRecordRole {
  if (index > 0 || header === "NONE") return "data";
  return header === "USE" ? "header" : "ignored-header";
}

/**
 * Previews `sample` under `csv` (the wire InputSerialization.csv: real characters, not `\n`
 * notation). Invalid options come back as the rules' issues instead of a preview.
 */
export function previewCsv(
  sample: string,
  csv: CsvInputSerialization = {},
  options: CsvPreviewOptions = {},
): CsvPreview {
  const checked = ruleCsvInput(csv);
  if (!checked.ok) return { ok: false, issues: checked.issues };
  const header = checked.value.FileHeaderInfo ?? CSV_DEFAULTS.FileHeaderInfo;
  const split = readSample(sample, checked.value);
  const maxRecords = options.maxRecords ?? 20;
  const records = split.records
    .slice(0, maxRecords)
    .map((r, index) => ({ ...r, role: roleOf(index, header) }));
  const width = Math.max(0, ...records.map((r) => r.fields.length));
  const names = header === "USE" ? (records[0]?.fields.map((f) => f.value) ?? []) : [];
  const columns = Array.from({ length: width }, (_, k) => ({
    position: `_${k + 1}`,
    name: names[k] ?? null,
  }));
  return {
    ok: true,
    columns,
    records,
    hiddenRecords: split.records.length - records.length,
    skippedComments: split.comments,
    skippedEmptyLines: split.emptyLines,
    problem: split.problem,
  };
}
