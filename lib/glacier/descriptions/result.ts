/** Builders for DecodedDescription, so every decoder reports paths and failures the same way. */

import { normalisePath } from "./text";
import { type DecodedDescription, type DescriptionExtra, type DescriptionFormat } from "./types";

/** A decoded path; a path that is empty after normalising makes the description "unknown". */
export function decoded(
  raw: string,
  format: DescriptionFormat,
  rawPath: string,
  modified: string | null,
  extra: DescriptionExtra = {},
): DecodedDescription {
  const path = normalisePath(rawPath);
  if (!path) return unknown(raw, `${format}: the path is empty`, extra);
  const more: DescriptionExtra = { ...extra };
  if (path.absolute) more.absolute = true;
  if (path.directory) more.directory = true;
  return { format, path: path.path, modified, extra: more, raw, problem: null };
}

export function unknown(raw: string, problem: string, extra: DescriptionExtra = {}): DecodedDescription {
  return { format: "unknown", path: null, modified: null, extra, raw, problem };
}
