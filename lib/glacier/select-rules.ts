/**
 * A select job's SelectParameters (glacier-api.md §3.3): ExpressionType `SQL` and Expression are
 * required; the serializations are CSV only. Here the expression is checked for presence and
 * length; its SQL is the dialect's (`./select`, checkSelectExpression), which the wizard, the server
 * action and the emulator's InitiateJob run with what each knows of the archive's header. Pure and
 * isomorphic.
 */

import {
  type CsvInputSerialization,
  type CsvOutputSerialization,
  checkCsvInput,
  checkCsvOutput,
} from "./csv-serialization-rules";
import { EXPRESSION_TYPES, type ExpressionType } from "./job-types";
import {
  type Issues,
  checkObject,
  checkRequired,
  isAbsent,
  joinPath,
  readObject,
  readRequiredEnum,
  readRequiredString,
  ruleOf,
} from "./rule-issues";
import { SELECT_EXPRESSION_MAX_CHARS } from "./select";

/** Characters (code points) of `text`. */
function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

export interface SelectParameters {
  ExpressionType: ExpressionType;
  Expression: string;
  /** Filled with `{ csv: {} }` when omitted, so consumers never branch on absence. */
  InputSerialization: { csv: CsvInputSerialization };
  OutputSerialization: { csv: CsvOutputSerialization };
}

const SELECT_KEYS = ["ExpressionType", "Expression", "InputSerialization", "OutputSerialization"];

export function checkExpression(value: unknown, path: string, issues: Issues): string | undefined {
  const expression = readRequiredString(value, path, issues);
  if (expression === undefined) return undefined;
  if (expression.trim() === "") return issues.invalid(path, `${path} must not be blank`);
  // "The expression must not exceed the quota of 128,000 characters" (api-SelectParameters.html).
  if (
    expression.length > SELECT_EXPRESSION_MAX_CHARS &&
    characterCount(expression) > SELECT_EXPRESSION_MAX_CHARS
  ) {
    return issues.invalid(path, `${path} must be at most 128,000 characters long`);
  }
  return expression;
}

/** `{ csv: {...} }`: CSV is the only serialization Glacier Select offers. */
function checkSerialization<T>(
  value: unknown,
  path: string,
  issues: Issues,
  checkCsv: (value: unknown, path: string, issues: Issues) => T | undefined,
): { csv: T } | undefined {
  const input = readObject(value, path, ["csv"], issues);
  if (input === undefined) return undefined;
  const csv = checkRequired(input.csv, joinPath(path, "csv"), issues, checkCsv);
  return csv === undefined ? undefined : { csv };
}

export function checkSelectParameters(
  value: unknown,
  path: string,
  issues: Issues,
): SelectParameters | undefined {
  return checkObject(value, path, SELECT_KEYS, issues, (input) => {
    const type = readRequiredEnum(
      input.ExpressionType,
      joinPath(path, "ExpressionType"),
      EXPRESSION_TYPES,
      issues,
    );
    const expression = checkExpression(input.Expression, joinPath(path, "Expression"), issues);
    const inputSerialization = isAbsent(input.InputSerialization)
      ? { csv: {} }
      : checkSerialization(
          input.InputSerialization,
          joinPath(path, "InputSerialization"),
          issues,
          checkCsvInput,
        );
    const outputSerialization = isAbsent(input.OutputSerialization)
      ? { csv: {} }
      : checkSerialization(
          input.OutputSerialization,
          joinPath(path, "OutputSerialization"),
          issues,
          checkCsvOutput,
        );
    if (!type || !expression || !inputSerialization || !outputSerialization) return undefined;
    return {
      ExpressionType: type,
      Expression: expression,
      InputSerialization: inputSerialization,
      OutputSerialization: outputSerialization,
    };
  });
}

export const ruleSelectParameters = ruleOf(checkSelectParameters, "SelectParameters");
export const ruleExpression = ruleOf(checkExpression, "SelectParameters.Expression");
