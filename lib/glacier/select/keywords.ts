/**
 * The words of the Glacier Select dialect, as data: the reserved keyword list, the function names,
 * the CAST types and the date parts. Used by the parser and by the wizard's editor (completion and
 * highlighting).
 */

/**
 * AWS's reserved keyword list, complete and in its order
 * (docs.aws.amazon.com/amazonglacier/latest/dev/s3-glacier-select-sql-reference-keyword-list.html).
 * A CSV header name that is one of these must be double-quoted (`s."date"`), else the expression
 * is a 400 parse error (s3-glacier-select-sql-reference-select.html, "Using reserved keywords as
 * user-defined terms").
 */
export const RESERVED_KEYWORDS: readonly string[] = `
absolute action add all allocate alter and any are as asc assertion at authorization avg bag begin
between bit bit_length blob bool boolean both by cascade cascaded case cast catalog char char_length
character character_length check clob close coalesce collate collation column commit connect
connection constraint constraints continue convert corresponding count create cross current
current_date current_time current_timestamp current_user cursor date day deallocate dec decimal
declare default deferrable deferred delete desc describe descriptor diagnostics disconnect distinct
domain double drop else end end-exec escape except exception exec execute exists external extract
false fetch first float for foreign found from full get global go goto grant group having hour
identity immediate in indicator initially inner input insensitive insert int integer intersect
interval into is isolation join key language last leading left level like limit list local lower
match max min minute missing module month names national natural nchar next no not null nullif
numeric octet_length of on only open option or order outer output overlaps pad partial pivot
position precision prepare preserve primary prior privileges procedure public read real references
relative restrict revoke right rollback rows schema scroll second section select session
session_user set sexp size smallint some space sql sqlcode sqlerror sqlstate string struct substring
sum symbol system_user table temporary then time timestamp timezone_hour timezone_minute to trailing
transaction translate translation trim true tuple union unique unknown unpivot update upper usage
user using value values varchar varying view when whenever where with work write year zone
`
  .trim()
  .split(/\s+/);

const RESERVED = new Set(RESERVED_KEYWORDS.map((word) => word.toUpperCase()));

/** True when `word` (any case) is on AWS's reserved keyword list. */
export function isReservedKeyword(word: string): boolean {
  return RESERVED.has(word.toUpperCase());
}

/**
 * Every function Glacier Select runs, by reference page:
 * conditional (s3-glacier-select-sql-reference-conditional.html): CASE (an expression, listed in
 * SQL_EXPRESSION_KEYWORDS), COALESCE, NULLIF; conversion (…-conversion.html): CAST; date
 * (…-date.html): DATE_ADD, DATE_DIFF, EXTRACT, TO_STRING, TO_TIMESTAMP, UTCNOW; string
 * (…-string.html): CHAR_LENGTH, CHARACTER_LENGTH, LOWER, SUBSTRING, TRIM, UPPER.
 */
export const SELECT_FUNCTIONS = [
  "COALESCE",
  "NULLIF",
  "CAST",
  "DATE_ADD",
  "DATE_DIFF",
  "EXTRACT",
  "TO_STRING",
  "TO_TIMESTAMP",
  "UTCNOW",
  "CHAR_LENGTH",
  "CHARACTER_LENGTH",
  "LOWER",
  "SUBSTRING",
  "TRIM",
  "UPPER",
] as const;
export type SelectFunction = (typeof SELECT_FUNCTIONS)[number];

/**
 * Amazon S3 Select's aggregate functions (s3-glacier-select-sql-reference-aggregate.html). Glacier
 * Select refuses them: the SQL functions page lists "Aggregate functions (Amazon S3 Select only)".
 */
export const AGGREGATE_FUNCTIONS = ["AVG", "COUNT", "MAX", "MIN", "SUM"] as const;

/** CAST's target types (s3-glacier-select-sql-reference-data-types.html, …-conversion.html). */
export const CAST_TYPES = [
  "BOOL",
  "BOOLEAN",
  "INT",
  "INTEGER",
  "STRING",
  "FLOAT",
  "DECIMAL",
  "NUMERIC",
  "TIMESTAMP",
] as const;
export type CastType = (typeof CAST_TYPES)[number];

/** DATE_ADD / DATE_DIFF date parts (s3-glacier-select-sql-reference-date.html). */
export const DATE_PARTS = ["YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND"] as const;
export type DatePart = (typeof DATE_PARTS)[number];

/** EXTRACT also reads the offset (s3-glacier-select-sql-reference-date.html, EXTRACT). */
export const EXTRACT_PARTS = [...DATE_PARTS, "TIMEZONE_HOUR", "TIMEZONE_MINUTE"] as const;
export type ExtractPart = (typeof EXTRACT_PARTS)[number];

/** The table names of Glacier Select's FROM clause (s3-glacier-select-sql-reference-select.html). */
export const TABLE_NAMES = ["ARCHIVE", "OBJECT"] as const;
export type TableName = (typeof TABLE_NAMES)[number];

/** Keywords of the grammar itself, for highlighting (all on the reserved list). */
export const SQL_EXPRESSION_KEYWORDS = [
  "SELECT",
  "FROM",
  "WHERE",
  "AS",
  "AND",
  "OR",
  "NOT",
  "LIKE",
  "ESCAPE",
  "BETWEEN",
  "IN",
  "IS",
  "NULL",
  "TRUE",
  "FALSE",
  "CASE",
  "WHEN",
  "THEN",
  "ELSE",
  "END",
  "FOR",
  "LEADING",
  "TRAILING",
  "BOTH",
] as const;
