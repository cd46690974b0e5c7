/**
 * The one CSV reader of Glacier Select's InputSerialization.csv, shared by the emulator's Select
 * engine (streamed input) and the select wizard's preview (a pasted sample), so the preview splits
 * exactly as the engine reads. Input arrives in arbitrary chunks (a quote, escape or CRLF may
 * straddle two); memory is bounded by the longest record, which is capped (S3 Select's limit is
 * 1 MB per record).
 *
 * Parsing rules:
 * - A field is quoted only when the quote character is its first character; inside it, delimiters
 *   and line breaks are data. A doubled quote is a literal quote; with a distinct
 *   QuoteEscapeCharacter, escape+quote and escape+escape also stand for the second character.
 *   Text after a closing quote is appended as written.
 * - With RecordDelimiter `\n` (the default), a `\r` before the `\n` is dropped too, so CRLF files
 *   work without configuration; with `\r\n`, a lone `\n` is data.
 * - A record whose first character is the Comments character is skipped; so are empty lines.
 * Pure and isomorphic.
 */

export interface CsvReadOptions {
  fieldDelimiter: string;
  /** One character, or `\r\n`. */
  recordDelimiter: string;
  quoteCharacter: string;
  quoteEscapeCharacter: string;
  comments: string | null;
  /** Longest record accepted, in characters including its delimiters. */
  maxRecordLength?: number;
}

export const DEFAULT_MAX_RECORD_LENGTH = 1_048_576;

export type CsvReadErrorCode = "CsvUnterminatedQuote" | "CsvRecordTooLarge";

/** Input the reader cannot split; the Select engine turns it into its own error with the same code. */
export class CsvReadError extends Error {
  override readonly name = "CsvReadError";

  constructor(
    readonly code: CsvReadErrorCode,
    readonly detail: string,
    /** 1-based record (header and data records, comments excluded). */
    readonly record: number,
  ) {
    super(`${detail} (input record ${record})`);
  }
}

/** What the preview shows besides the values: where a record starts, and how each field was written. */
export interface CsvRecordDetail {
  /** Offset in the input (characters) of the record's first character. */
  offset: number;
  /** Per field: wrapped in the quote character. */
  quoted: boolean[];
  /** Per field: escape sequences collapsed (doubled quote, escape+quote, escape+escape). */
  escapes: number[];
}

const RECORD_START = 0;
const FIELD_START = 1;
const UNQUOTED = 2;
const QUOTED = 3;
const QUOTE_IN_QUOTED = 4;
const ESCAPE_IN_QUOTED = 5;
const COMMENT = 6;

const LF = 10;
const CR = 13;

export class CsvRecordParser {
  /** Comment lines and empty lines skipped so far. */
  comments = 0;
  emptyLines = 0;

  private state = RECORD_START;
  private field = "";
  private fields: string[] = [];
  private records: string[][] = [];
  private pendingCr = false;
  private recordLength = 0;
  private recordCount = 0;
  /** Characters of earlier `push` calls, for offsets. */
  private consumed = 0;
  private recordOffset = 0;
  private fieldQuoted = false;
  private fieldEscapes = 0;
  private detail: CsvRecordDetail = { offset: 0, quoted: [], escapes: [] };
  private details: CsvRecordDetail[] = [];

  private readonly fieldCode: number;
  private readonly quoteCode: number;
  private readonly escapeCode: number;
  private readonly commentCode: number;
  /** Single-character record delimiter, or LF for `\n` and `\r\n`. */
  private readonly recordCode: number;
  /** `\r` is held back to see whether `\n` follows (delimiters `\n` and `\r\n`). */
  private readonly crAware: boolean;
  /** With `\r\n`, a lone `\n` is data. */
  private readonly lfNeedsCr: boolean;
  private readonly maxRecordLength: number;

  /** `withDetails` also keeps a CsvRecordDetail per record (the preview); the engine does without. */
  constructor(
    options: CsvReadOptions,
    private readonly withDetails = false,
  ) {
    this.fieldCode = options.fieldDelimiter.charCodeAt(0);
    this.quoteCode = options.quoteCharacter.charCodeAt(0);
    this.escapeCode = options.quoteEscapeCharacter.charCodeAt(0);
    this.commentCode = options.comments === null ? -1 : options.comments.charCodeAt(0);
    this.crAware = options.recordDelimiter === "\n" || options.recordDelimiter === "\r\n";
    this.lfNeedsCr = options.recordDelimiter === "\r\n";
    this.recordCode = this.crAware ? LF : options.recordDelimiter.charCodeAt(0);
    this.maxRecordLength = options.maxRecordLength ?? DEFAULT_MAX_RECORD_LENGTH;
  }

  /** Feeds decoded text; returns the records completed by it. */
  push(text: string): string[][] {
    let i = 0;
    while (i < text.length) {
      if (this.pendingCr) {
        this.pendingCr = false;
        if (text.charCodeAt(i) === LF) {
          if (this.state === FIELD_START && this.fields.length === 0) {
            this.state = RECORD_START; // empty CRLF line
            this.emptyLines++;
          } else this.endRecord();
          i++;
          continue;
        }
        this.append("\r");
        this.state = UNQUOTED;
      }
      i = this.step(text, i);
    }
    this.consumed += text.length;
    return this.takeRecords();
  }

  /** Signals the end of input; returns the last record, if any. Throws CsvReadError on an open quote. */
  end(): string[][] {
    if (this.pendingCr) {
      this.pendingCr = false;
      this.append("\r");
    }
    if (this.state === QUOTED || this.state === ESCAPE_IN_QUOTED) {
      throw new CsvReadError(
        "CsvUnterminatedQuote",
        "The input ends inside a quoted field",
        this.recordCount + 1,
      );
    }
    if (this.state !== RECORD_START && this.state !== COMMENT) this.endRecord();
    this.state = RECORD_START;
    return this.takeRecords();
  }

  /** The details of the records returned so far and not yet taken (only with `withDetails`). */
  takeDetails(): CsvRecordDetail[] {
    const details = this.details;
    this.details = [];
    return details;
  }

  /** Records completed but not yet returned (after a CsvReadError, the ones before it). */
  takeRecords(): string[][] {
    const records = this.records;
    this.records = [];
    return records;
  }

  private isRecordEnd(code: number): boolean {
    return code === this.recordCode && !(this.lfNeedsCr && code === LF);
  }

  /** Handles the character at `i` (and, in plain runs, the ones after it); returns the next index. */
  private step(text: string, i: number): number {
    const code = text.charCodeAt(i);
    switch (this.state) {
      case RECORD_START:
        if (code === this.commentCode) {
          this.state = COMMENT;
          this.comments++;
          return i + 1;
        }
        if (this.isRecordEnd(code)) {
          this.emptyLines++;
          return i + 1;
        }
        this.state = FIELD_START;
        this.recordOffset = this.consumed + i;
        return i;
      case COMMENT:
        if (code === this.recordCode) this.state = RECORD_START;
        return i + 1;
      case QUOTED:
        return this.stepQuoted(text, i);
      case QUOTE_IN_QUOTED:
        if (code === this.quoteCode) {
          this.append(text.charAt(i));
          this.fieldEscapes++;
          this.state = QUOTED;
          return i + 1;
        }
        this.state = UNQUOTED; // the closing quote; what follows is appended as written
        return i;
      case ESCAPE_IN_QUOTED:
        return this.stepEscaped(text, i, code);
      default:
        return this.stepUnquoted(text, i, code);
    }
  }

  /** escape+quote and escape+escape stand for the second character; any other escape is literal. */
  private stepEscaped(text: string, i: number, code: number): number {
    if (code === this.quoteCode || code === this.escapeCode) {
      this.append(text.charAt(i));
      this.fieldEscapes++;
    } else {
      this.append(String.fromCharCode(this.escapeCode) + text.charAt(i));
    }
    this.state = QUOTED;
    return i + 1;
  }

  private stepUnquoted(text: string, i: number, code: number): number {
    if (this.state === FIELD_START && code === this.quoteCode) {
      this.state = QUOTED;
      this.fieldQuoted = true;
      return i + 1;
    }
    if (code === this.fieldCode) {
      this.endField();
      this.state = FIELD_START;
      return i + 1;
    }
    if (this.isRecordEnd(code)) {
      this.endRecord();
      return i + 1;
    }
    if (code === CR && this.crAware) {
      this.pendingCr = true;
      return i + 1;
    }
    this.state = UNQUOTED;
    let end = i + 1;
    while (end < text.length) {
      const next = text.charCodeAt(end);
      if (next === this.fieldCode || next === this.recordCode || (next === CR && this.crAware)) break;
      end++;
    }
    this.append(text.slice(i, end));
    return end;
  }

  private stepQuoted(text: string, i: number): number {
    const code = text.charCodeAt(i);
    if (code === this.quoteCode) {
      this.state = QUOTE_IN_QUOTED;
      return i + 1;
    }
    if (code === this.escapeCode) {
      this.state = ESCAPE_IN_QUOTED;
      return i + 1;
    }
    let end = i + 1;
    while (end < text.length) {
      const next = text.charCodeAt(end);
      if (next === this.quoteCode || next === this.escapeCode) break;
      end++;
    }
    this.append(text.slice(i, end));
    return end;
  }

  private append(text: string): void {
    this.field += text;
    this.grow(text.length);
  }

  private grow(length: number): void {
    this.recordLength += length;
    if (this.recordLength > this.maxRecordLength) {
      throw new CsvReadError(
        "CsvRecordTooLarge",
        `A record is longer than ${this.maxRecordLength} characters`,
        this.recordCount + 1,
      );
    }
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = "";
    if (this.withDetails) {
      this.detail.quoted.push(this.fieldQuoted);
      this.detail.escapes.push(this.fieldEscapes);
    }
    this.fieldQuoted = false;
    this.fieldEscapes = 0;
    this.grow(1);
  }

  private endRecord(): void {
    this.endField();
    this.records.push(this.fields);
    this.fields = [];
    if (this.withDetails) {
      this.details.push({ ...this.detail, offset: this.recordOffset });
      this.detail = { offset: 0, quoted: [], escapes: [] };
    }
    this.recordLength = 0;
    this.recordCount++;
    this.state = RECORD_START;
  }
}

/** A whole text read at once, with details: what the preview shows. */
export interface CsvTextRead {
  records: { values: string[]; detail: CsvRecordDetail }[];
  comments: number;
  emptyLines: number;
  /** Where the text stopped being readable; the records before it are kept. */
  error: CsvReadError | null;
}

export function readCsvText(text: string, options: CsvReadOptions): CsvTextRead {
  const parser = new CsvRecordParser(options, true);
  const values: string[][] = [];
  let error: CsvReadError | null = null;
  try {
    values.push(...parser.push(text));
    values.push(...parser.end());
  } catch (caught) {
    if (!(caught instanceof CsvReadError)) throw caught;
    values.push(...parser.takeRecords());
    error = caught;
  }
  const details = parser.takeDetails();
  return {
    records: values.map((v, k) => ({
      values: v,
      detail: details[k] ?? { offset: 0, quoted: [], escapes: [] },
    })),
    comments: parser.comments,
    emptyLines: parser.emptyLines,
    error,
  };
}
