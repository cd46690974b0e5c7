/**
 * The Glacier Select SQL dialect, one implementation for the wizard, the server action and the
 * emulator (docs.aws.amazon.com/amazonglacier/latest/dev/s3-glacier-select-sql-reference*.html).
 * Pure: no I/O, imports nothing of Thaw's outside lib/glacier.
 */

import { type Query } from "./ast";
import { checkQuery, type SelectContext } from "./check";
import { SelectError } from "./errors";
import { parseSelect } from "./parser";

export * from "./ast";
export {
  bindColumns,
  checkQuery,
  columnNamesOf,
  resolveColumn,
  type FileHeaderInfo,
  type SelectContext,
} from "./check";
export { SelectError, type SelectErrorCode, type SourcePosition } from "./errors";
export { parseFormatPattern, FORMAT_SYMBOLS, type FormatPart } from "./format-pattern";
export {
  AGGREGATE_FUNCTIONS,
  CAST_TYPES,
  DATE_PARTS,
  EXTRACT_PARTS,
  isReservedKeyword,
  RESERVED_KEYWORDS,
  SELECT_FUNCTIONS,
  SQL_EXPRESSION_KEYWORDS,
  TABLE_NAMES,
  type CastType,
  type DatePart,
  type ExtractPart,
  type SelectFunction,
  type TableName,
} from "./keywords";
export { MAX_NESTING_DEPTH } from "./parse-expression";
export { typeOf, type StaticType } from "./types";
export { MAX_TREE_DEPTH, parseSelect } from "./parser";
export {
  formatTimestampText,
  localFields,
  parseTimestampText,
  type TimestampPrecision,
  type TimestampValue,
} from "./timestamp";

/** SelectParameters.Expression's quota: "must not exceed the quota of 128,000 characters" (api-SelectParameters.html). */
export const SELECT_EXPRESSION_MAX_CHARS = 128_000;

/** One problem in an expression, where it is (1-based), in AWS's code. */
export type SelectProblem = {
  /** AWS's error code, e.g. "ParseUnexpectedToken", "MissingHeaderName". */
  code: string;
  /** AWS's wording where known, else a clear sentence. */
  message: string;
  line: number;
  column: number;
  length: number;
};

/** Characters (code points) of `text`, counted only as far as `limit` + 1. */
function charactersUpTo(text: string, limit: number): number {
  if (text.length <= limit) return text.length;
  let count = 0;
  for (const _ of text) if (++count > limit) break;
  return count;
}

/** The expression's length problem, or null. */
function lengthProblem(expression: string): SelectProblem | null {
  if (charactersUpTo(expression, SELECT_EXPRESSION_MAX_CHARS) <= SELECT_EXPRESSION_MAX_CHARS) return null;
  return {
    code: "ExpressionTooLong",
    message: `The expression is longer than ${SELECT_EXPRESSION_MAX_CHARS.toLocaleString("en-US")} characters, Glacier Select's limit`,
    line: 1,
    column: 1,
    length: 1,
  };
}

export function problemOf(error: SelectError): SelectProblem {
  return {
    code: error.code,
    message: error.detail,
    line: error.position?.line ?? 1,
    column: error.position?.column ?? 1,
    length: error.position?.length ?? 1,
  };
}

/**
 * Parses and checks an expression; throws the first problem as a SelectError. The length limit
 * comes first, so no oversized input is tokenized.
 */
export function compileQuery(expression: string, context: SelectContext): Query {
  const tooLong = lengthProblem(expression);
  if (tooLong) throw new SelectError("ExpressionTooLong", tooLong.message, { line: 1, column: 1, length: 1 });
  const query = parseSelect(expression);
  checkQuery(query, context);
  return query;
}

/** The first problem AWS would refuse `expression` for at InitiateJob, or null when it passes. */
export function checkSelectExpression(expression: string, context: SelectContext): SelectProblem | null {
  try {
    compileQuery(expression, context);
    return null;
  } catch (error) {
    if (error instanceof SelectError) return problemOf(error);
    throw error;
  }
}
