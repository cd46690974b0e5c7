/**
 * The one error type of the Select engine. The emulator fails the job with `code` and `message`
 * (and rejects InitiateJob when `compileSelect` throws). Codes follow S3 Select's naming style.
 */

export type SelectErrorCode =
  | "LexerInvalidChar"
  | "LexerInvalidLiteral"
  | "ParseUnexpectedToken"
  | "ParseExpectedToken"
  | "ParseUnsupportedSyntax"
  | "ParseUnknownFunction"
  | "ParseInvalidTypeParam"
  | "InvalidAggregateUse"
  | "InvalidColumnIndex"
  | "InvalidTableAlias"
  | "ColumnNameWithoutHeader"
  | "CastFailed"
  | "IncompatibleTypes"
  | "DivisionByZero"
  | "InvalidSerialization"
  | "CsvUnterminatedQuote"
  | "CsvRecordTooLarge";

/** 1-based position in the SQL expression. */
export interface SourcePosition {
  line: number;
  column: number;
}

export class SelectError extends Error {
  override readonly name = "SelectError";

  constructor(
    readonly code: SelectErrorCode,
    /** The message without position, for callers that format their own. */
    readonly detail: string,
    readonly position?: SourcePosition,
    /** 1-based input record (header and data records, comments excluded) for data errors. */
    readonly record?: number,
  ) {
    super(
      detail +
        (position ? ` at line ${position.line}, column ${position.column}` : "") +
        (record !== undefined ? ` (input record ${record})` : ""),
    );
  }

  get line(): number | undefined {
    return this.position?.line;
  }

  get column(): number | undefined {
    return this.position?.column;
  }

  /** The same error tied to an input record, for errors raised while evaluating a row. */
  atRecord(record: number): SelectError {
    return this.record === undefined ? new SelectError(this.code, this.detail, this.position, record) : this;
  }
}
