/**
 * A live preview of how Glacier Select will split CSV input: a pasted sample is cut into records
 * and fields with the chosen InputSerialization.csv, so an admin sees `_1`, `_2`, … (and header
 * names) before paying for a job. The splitting rules are the Select engine's (emulator/select
 * csv-reader, which the app may not import): a field is quoted only when the quote character
 * opens it; a doubled quote, or escape+quote / escape+escape, is one literal character; text after
 * a closing quote is kept; with RecordDelimiter `\n` a `\r\n` also ends a record, with `\r\n` a
 * lone `\n` is data; a record starting with the Comments character is skipped, as are empty lines.
 * A conformance test runs both implementations on the same inputs. Pure and isomorphic.
 */

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

interface Characters {
  field: string;
  quote: string;
  escape: string;
  comment: string | null;
  /** `\n`, `\r\n` or any single character. */
  record: string;
}

interface RawRecord {
  line: number;
  fields: CsvPreviewField[];
}

interface SplitResult {
  records: RawRecord[];
  comments: number;
  emptyLines: number;
  problem: string | null;
}

/** The record splitter: one pass over the whole sample, mirroring the engine's state machine. */
class Splitter {
  private i = 0;
  private line = 1;
  private readonly result: SplitResult = { records: [], comments: 0, emptyLines: 0, problem: null };
  /** With `\n` or `\r\n`, records end at LF and a CR right before it is part of the delimiter. */
  private readonly crAware: boolean;
  private readonly recordChar: string;

  constructor(
    private readonly text: string,
    private readonly c: Characters,
  ) {
    this.crAware = c.record === "\n" || c.record === "\r\n";
    this.recordChar = this.crAware ? "\n" : c.record;
  }

  split(): SplitResult {
    while (this.i < this.text.length && this.result.problem === null) this.readRecord();
    return this.result;
  }

  private peek(offset = 0): string {
    return this.text.charAt(this.i + offset);
  }

  private advance(count = 1): void {
    for (let k = 0; k < count; k++) if (this.text.charAt(this.i + k) === "\n") this.line++;
    this.i += count;
  }

  /** Length of the record delimiter at the cursor, 0 when there is none. */
  private recordEndLength(): number {
    const ch = this.peek();
    if (this.crAware && ch === "\r" && this.peek(1) === "\n") return 2;
    if (ch !== this.recordChar) return 0;
    return this.c.record === "\r\n" ? 0 : 1; // with `\r\n`, a lone LF is data
  }

  private readRecord(): void {
    const startLine = this.line;
    if (this.c.comment !== null && this.peek() === this.c.comment) {
      const end = this.text.indexOf(this.recordChar, this.i);
      this.advance(end === -1 ? this.text.length - this.i : end - this.i + 1);
      this.result.comments++;
      return;
    }
    const emptyLength = this.recordEndLength();
    if (emptyLength > 0) {
      this.advance(emptyLength);
      this.result.emptyLines++;
      return;
    }
    const fields: CsvPreviewField[] = [];
    for (;;) {
      const field = this.readField();
      if (field === null) return; // unterminated quote: the record is dropped, as the engine fails there
      fields.push(field);
      if (this.i >= this.text.length) break;
      const endLength = this.recordEndLength();
      if (endLength > 0) {
        this.advance(endLength);
        break;
      }
      this.advance(); // the field delimiter
    }
    this.result.records.push({ line: startLine, fields });
  }

  /** Reads one field and stops at a field delimiter, a record delimiter or the end; null on an unterminated quote. */
  private readField(): CsvPreviewField | null {
    const field: CsvPreviewField = { value: "", quoted: false, escapes: 0 };
    if (this.peek() === this.c.quote) {
      field.quoted = true;
      this.advance();
      if (!this.readQuoted(field)) return null;
    }
    while (this.i < this.text.length) {
      const ch = this.peek();
      if (ch === this.c.field || this.recordEndLength() > 0) break;
      field.value += ch;
      this.advance();
    }
    return field;
  }

  /** Consumes a quoted section up to and including its closing quote; false if the text ends first. */
  private readQuoted(field: CsvPreviewField): boolean {
    const { quote, escape } = this.c;
    while (this.i < this.text.length) {
      const ch = this.peek();
      this.advance();
      if (ch === quote) {
        if (this.peek() !== quote) return true;
        field.value += quote;
        field.escapes++;
        this.advance();
      } else if (ch === escape) {
        if (this.i >= this.text.length) break;
        const next = this.peek();
        this.advance();
        const collapses = next === quote || next === escape;
        field.value += collapses ? next : escape + next;
        if (collapses) field.escapes++;
      } else {
        field.value += ch;
      }
    }
    this.result.problem = `The sample ends inside a quoted field (line ${this.line}): a closing ${JSON.stringify(quote)} is missing`;
    return false;
  }
}

function charactersOf(csv: CsvInputSerialization): Characters {
  return {
    field: csv.FieldDelimiter ?? CSV_DEFAULTS.FieldDelimiter,
    quote: csv.QuoteCharacter ?? CSV_DEFAULTS.QuoteCharacter,
    escape: csv.QuoteEscapeCharacter ?? CSV_DEFAULTS.QuoteEscapeCharacter,
    comment: csv.Comments ?? null,
    record: csv.RecordDelimiter ?? CSV_DEFAULTS.RecordDelimiter,
  };
}

/** Splits a sample into records of fields (values only), exactly as the Select engine reads them. */
export function splitCsvSample(
  sample: string,
  csv: CsvInputSerialization = {},
): { records: string[][]; problem: string | null } {
  const split = new Splitter(sample, charactersOf(csv)).split();
  return { records: split.records.map((r) => r.fields.map((f) => f.value)), problem: split.problem };
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
  const split = new Splitter(sample, charactersOf(checked.value)).split();
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
