import { type FieldErrors } from "react-hook-form";

/** Whether an error sits at `path` or under it (a step may name a parent path such as `selection`). */
export function hasErrorAt(errors: FieldErrors, path: string): boolean {
  let node: unknown = errors;
  for (const key of path.split(".")) {
    if (!node || typeof node !== "object") return false;
    node = (node as Record<string, unknown>)[key];
  }
  return node !== undefined && node !== null;
}

/** The index of the step whose `fields` cover `path`, or -1. */
export function stepOfPath(steps: readonly { fields: readonly string[] }[], path: string): number {
  return steps.findIndex((s) => s.fields.some((f) => path === f || path.startsWith(`${f}.`)));
}

/** Whether any of a step's `fields` holds an error. */
export function stepHasError(errors: FieldErrors, fields: readonly string[]): boolean {
  return fields.some((f) => hasErrorAt(errors, f));
}
