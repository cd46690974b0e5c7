/**
 * The one error type of the Select dialect and of the emulator's engine. Codes are the ones AWS's
 * Select returns where AWS documents one (MissingHeaderName, AmbiguousFieldName in
 * s3-glacier-select-sql-reference-select.html; the Parse… and Lexer… families of S3 Select's error list),
 * else a Thaw name recorded in emulator/README.md ("Glacier Select dialect").
 */

export type SelectErrorCode =
  | "ExpressionTooLong"
  | "ParseExpressionTooDeep"
  | "LexerInvalidChar"
  | "LexerInvalidLiteral"
  | "LexerInvalidIONLiteral"
  | "ParseUnexpectedToken"
  | "ParseUnexpectedKeyword"
  | "ParseExpectedToken"
  | "ParseUnsupportedSyntax"
  | "ParseUnknownFunction"
  | "ParseInvalidTypeParam"
  | "ParseExpectedDatePart"
  | "IncorrectSqlFunctionArgumentType"
  | "EvaluatorInvalidTimestampFormatPattern"
  | "InvalidColumnIndex"
  | "InvalidTableAlias"
  | "MissingHeaderName"
  | "AmbiguousFieldName"
  | "ColumnNameWithoutHeader"
  | "CastFailed"
  | "IncompatibleTypes"
  | "DivisionByZero"
  | "InvalidSerialization"
  | "CsvUnterminatedQuote"
  | "CsvRecordTooLarge";

/** 1-based position in the SQL expression; `length` is how many characters the problem spans. */
export interface SourcePosition {
  line: number;
  column: number;
  length?: number;
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
