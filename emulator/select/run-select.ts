/**
 * `runSelect`: streams CSV in, runs the compiled query, streams CSV out. Memory stays bounded:
 * input is read only as fast as the consumer takes output, records are processed in the batches
 * the reader yields, and output is flushed in ~64 KiB buffers. Glacier Select has no LIMIT and no
 * aggregates (lib/glacier/select refuses them), so every record is filtered and projected alone.
 */

import { type Readable } from "node:stream";
import {
  CSV_DEFAULTS,
  type CsvInputSerialization,
  type CsvOutputSerialization,
  ruleCsvInput,
  ruleCsvOutput,
} from "../../lib/glacier/job-rules";
import { bindColumns, SelectError } from "../../lib/glacier/select";
import { type CompiledSelect, compileSelect } from "./compile";
import { type CsvReadOptions, readCsvRecords } from "./csv-reader";
import { type CsvWriteOptions, createCsvRowFormatter } from "./csv-writer";
import { type RowScope, evaluate } from "./evaluate";
import { formatValue, toCondition } from "./values";

export interface RunSelectOptions {
  /** SQL text, or the result of `compileSelect` to skip parsing again. */
  expression: string | CompiledSelect;
  input: AsyncIterable<Uint8Array | string> | Readable;
  inputCsv?: CsvInputSerialization;
  outputCsv?: CsvOutputSerialization;
  /** Output buffer size before a chunk is yielded. */
  flushBytes?: number;
  /** UTCNOW()'s reading; the run's start by default. */
  now?: () => Date;
}

function serializationError(issues: { message: string }[]): SelectError {
  return new SelectError("InvalidSerialization", issues.map((i) => i.message).join("; "));
}

/** The four character options reading and writing share, with Select's defaults filled in. */
function resolveCharacters(value: CsvInputSerialization | CsvOutputSerialization) {
  return {
    fieldDelimiter: value.FieldDelimiter ?? CSV_DEFAULTS.FieldDelimiter,
    recordDelimiter: value.RecordDelimiter ?? CSV_DEFAULTS.RecordDelimiter,
    quoteCharacter: value.QuoteCharacter ?? CSV_DEFAULTS.QuoteCharacter,
    quoteEscapeCharacter: value.QuoteEscapeCharacter ?? CSV_DEFAULTS.QuoteEscapeCharacter,
  };
}

export function resolveInputCsv(
  csv: CsvInputSerialization = {},
): CsvReadOptions & { header: "USE" | "IGNORE" | "NONE" } {
  const checked = ruleCsvInput(csv);
  if (!checked.ok) throw serializationError(checked.issues);
  const value = checked.value;
  return {
    header: value.FileHeaderInfo ?? CSV_DEFAULTS.FileHeaderInfo,
    ...resolveCharacters(value),
    comments: value.Comments ?? null,
  };
}

export function resolveOutputCsv(csv: CsvOutputSerialization = {}): CsvWriteOptions {
  const checked = ruleCsvOutput(csv);
  if (!checked.ok) throw serializationError(checked.issues);
  const value = checked.value;
  return { quoteFields: value.QuoteFields ?? CSV_DEFAULTS.QuoteFields, ...resolveCharacters(value) };
}

/** Runs `fn`, tying any Select error it raises to the input record being processed. */
function atRecord<T>(record: number, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw error instanceof SelectError ? error.atRecord(record) : error;
  }
}

export async function* runSelect(options: RunSelectOptions): AsyncGenerator<Buffer, void, undefined> {
  const compiled =
    typeof options.expression === "string" ? compileSelect(options.expression) : options.expression;
  const { header: headerMode, ...readOptions } = resolveInputCsv(options.inputCsv);
  const formatRow = createCsvRowFormatter(resolveOutputCsv(options.outputCsv));
  const flushBytes = options.flushBytes ?? 64 * 1024;
  const nowMs = (options.now ?? (() => new Date()))().getTime();
  const { query, columnNames } = compiled;
  if (headerMode !== "USE") bindColumns(columnNames, null); // fails early if names are used without a header
  let scope: RowScope | null = null;
  let recordNumber = 0;
  let pending = "";
  const where = query.where;

  for await (const batch of readCsvRecords(options.input, readOptions)) {
    for (const fields of batch) {
      recordNumber++;
      if (scope === null) {
        const columnSlots = headerMode === "USE" ? bindColumns(columnNames, fields) : [];
        scope = { fields: [], columnSlots, nowMs };
        if (headerMode !== "NONE") continue;
      }
      scope = { ...scope, fields };
      const row = scope;
      if (where && atRecord(recordNumber, () => toCondition(evaluate(where, row))) !== true) continue;
      pending += formatRow(
        query.projection === "*" ? fields : atRecord(recordNumber, () => project(compiled, row)),
      );
      if (pending.length >= flushBytes) {
        yield Buffer.from(pending);
        pending = "";
      }
    }
  }
  if (pending.length > 0) yield Buffer.from(pending);
}

function project(compiled: CompiledSelect, scope: RowScope): string[] {
  const items = compiled.query.projection === "*" ? [] : compiled.query.projection;
  return items.map((item) => formatValue(evaluate(item.expression, scope)));
}
