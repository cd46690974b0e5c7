/**
 * What the select wizard's SQL editor needs beyond the dialect's verdict (lib/glacier/select): the
 * problem as a sentence, how to write a header name in a query, and the examples the help offers. Pure;
 * the examples run on the demo seed's reports (emulator/seed/reports.ts), which a test checks.
 */

import { type FileHeaderInfo, isReservedKeyword, type SelectProblem } from "./select";

/** The form's FileHeaderInfo text as the dialect reads it (blank is Glacier's default, NONE). */
export function fileHeaderInfoOf(text: string | undefined): FileHeaderInfo {
  const upper = (text ?? "").trim().toUpperCase();
  return upper === "USE" || upper === "IGNORE" ? upper : "NONE";
}

/** A problem in the form's words: AWS's message, its error code and where it is. */
export function selectProblemText(problem: SelectProblem): string {
  return `${problem.message} (${problem.code}, line ${problem.line}, column ${problem.column})`;
}

const BARE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * How a query names header column `name` (s3-glacier-select-sql-reference-select.html): bare when that
 * reads back as this column alone, else double-quoted (exact match). Quoted are reserved keywords
 * (`"date"`), names that are not plain identifiers, names that look positional (`_1`), and names that
 * differ from another header only in case (a bare `name` would be AmbiguousFieldName next to `Name`).
 */
export function columnReference(name: string, header: readonly string[]): string {
  const twins = header.filter((other) => other.toLowerCase() === name.toLowerCase()).length;
  const bare = BARE_NAME.test(name) && !isReservedKeyword(name) && !/^_\d+$/.test(name) && twins <= 1;
  return bare ? name : `"${name.replace(/"/g, '""')}"`;
}

export type SelectExample = {
  title: string;
  expression: string;
  /** The Header line setting the example reads its columns with. */
  fileHeaderInfo: FileHeaderInfo;
};

/**
 * The help's examples, each runnable on the demo seed's `reports/sales-*.csv` (header
 * `id,"date",Region,Product,UNITS,Price,AMOUNT`). Glacier Select's table is `archive` (or `object`),
 * never S3 Select's `S3Object`.
 */
export const SELECT_EXAMPLES: readonly SelectExample[] = [
  { title: "Every record", expression: "SELECT * FROM archive", fileHeaderInfo: "USE" },
  {
    title: "Columns by position (Header line NONE or IGNORE)",
    expression: "SELECT s._1, s._3, s._7 FROM archive s WHERE s._3 = 'eu-west'",
    fileHeaderInfo: "IGNORE",
  },
  {
    title: 'Header names; "date" is a reserved word, so it is double-quoted',
    expression: "SELECT s.id, s.\"date\", s.Region, s.AMOUNT FROM archive s WHERE s.Region = 'eu-west'",
    fileHeaderInfo: "USE",
  },
  {
    title: "Numbers: CAST before comparing",
    expression:
      "SELECT s.id, s.Product, s.AMOUNT FROM archive s WHERE CAST(s.AMOUNT AS DECIMAL) > 1000 AND CAST(s.UNITS AS INT) BETWEEN 100 AND 200",
    fileHeaderInfo: "USE",
  },
  {
    title: "Text: LIKE, UPPER, TRIM and SUBSTRING",
    expression:
      "SELECT UPPER(s.Product), SUBSTRING(s.Region FROM 1 FOR 2) FROM archive s WHERE TRIM(s.Product) LIKE 'G%'",
    fileHeaderInfo: "USE",
  },
  {
    title: "Dates: the month of a date column",
    expression:
      'SELECT s.id, s."date" FROM archive s WHERE EXTRACT(MONTH FROM CAST(s."date" AS TIMESTAMP)) = 3',
    fileHeaderInfo: "USE",
  },
];
