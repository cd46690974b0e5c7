/**
 * CSV writer honouring Select's OutputSerialization.csv. QuoteFields ASNEEDED quotes a field that
 * contains the field delimiter, the quote or escape character, or a line break; inside quotes
 * the quote character is preceded by the escape character (doubled by default), and a distinct
 * escape character is itself escaped so the output reads back unambiguously.
 */

import { type QuoteFields } from "../../lib/glacier/job-types";

export interface CsvWriteOptions {
  fieldDelimiter: string;
  recordDelimiter: string;
  quoteCharacter: string;
  quoteEscapeCharacter: string;
  quoteFields: QuoteFields;
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
}

/** Returns a function turning one row of field texts into one output record (delimiter included). */
export function createCsvRowFormatter(options: CsvWriteOptions): (fields: readonly string[]) => string {
  const {
    fieldDelimiter,
    recordDelimiter,
    quoteCharacter: quote,
    quoteEscapeCharacter: escape,
    quoteFields,
  } = options;
  const special = new Set([fieldDelimiter, quote, escape, "\r", "\n", ...recordDelimiter]);
  const needsQuotes = new RegExp(`[${[...special].map(escapeRegExp).join("")}]`);
  const toEscape = new RegExp(
    escape === quote ? escapeRegExp(quote) : `[${escapeRegExp(quote)}${escapeRegExp(escape)}]`,
    "g",
  );
  const quoteField = (text: string): string =>
    quote + text.replace(toEscape, (char) => escape + char) + quote;
  return (fields) => {
    let line = "";
    for (let i = 0; i < fields.length; i++) {
      const text = fields[i] ?? "";
      if (i > 0) line += fieldDelimiter;
      line += quoteFields === "ALWAYS" || needsQuotes.test(text) ? quoteField(text) : text;
    }
    return line + recordDelimiter;
  };
}
