/** Test helpers for the select schema's tests: a valid job, and assertions on the errors a change yields. */

import { expect } from "vitest";
import { type SelectJobValues, emptySelectJob, selectJobSchema } from "@/lib/glacier/schemas/select-job";

export const ARCHIVE_ID =
  "NkbByEejwEggmBz2fTHgJrg0XBoDfjP4q6iu87-TjhqG6eGoOY9Z8i1_AUyUsuhPAdTqLHy8pTl5nfCFJmDl2yEZONi5L26Omw12vcs01MNGntHEQL8MBfGlqrEXAMPLEArchiveId";
export const OWNER_ID = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";

/** A valid select job; each test breaks one thing. */
export function valid(): SelectJobValues {
  const values = emptySelectJob("reports", ARCHIVE_ID);
  values.SelectParameters.Expression = "SELECT s._1, s._2 FROM archive s WHERE CAST(s._2 AS INT) > 100";
  values.OutputLocation.S3.BucketName = "thaw-results";
  values.OutputLocation.S3.Prefix = "select/2024";
  return values;
}

export type Change = (v: SelectJobValues) => void;

export function errorsOf(change: Change = () => {}): Record<string, string> {
  const values = valid();
  change(values);
  const result = selectJobSchema.safeParse(values);
  const out: Record<string, string> = {};
  if (!result.success) for (const issue of result.error.issues) out[issue.path.join(".")] ??= issue.message;
  return out;
}

/** The change yields exactly one error, at `path`, matching `message`. */
export function expectError(change: Change, path: string, message: RegExp) {
  const errors = errorsOf(change);
  expect(Object.keys(errors), JSON.stringify(errors)).toEqual([path]);
  expect(errors[path]).toMatch(message);
}

export function expectValid(change: Change) {
  expect(errorsOf(change)).toEqual({});
}

export const S3 = "OutputLocation.S3";
export const CSV_IN = "SelectParameters.InputSerialization.csv";
export const CSV_OUT = "SelectParameters.OutputSerialization.csv";
