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

/** Of `paths`, the one on the earliest step (with that step's index); undefined when none is on a step. */
export function firstOnSteps(
  steps: readonly { fields: readonly string[] }[],
  paths: readonly string[],
): { index: number; path: string } | undefined {
  let first: { index: number; path: string } | undefined;
  for (const path of paths) {
    const index = stepOfPath(steps, path);
    if (index >= 0 && (!first || index < first.index)) first = { index, path };
  }
  return first;
}

/** The first field of the earliest step that holds an error (what a failed client validation jumps to). */
export function firstErrorOnSteps(
  steps: readonly { fields: readonly string[] }[],
  errors: FieldErrors,
): { index: number; path: string } | undefined {
  return firstOnSteps(
    steps,
    steps.flatMap((s) => s.fields.filter((f) => hasErrorAt(errors, f))),
  );
}

/**
 * An action's `fieldErrors` sorted for the wizard: those whose path (after `pathOf`; null drops the key)
 * lies on a step go on their field, the rest are messages for the top of the form. `first` is where the
 * wizard jumps: the earliest step with a placed error, and its first such field.
 */
export function sortServerErrors(
  steps: readonly { fields: readonly string[] }[],
  fieldErrors: Record<string, string>,
  pathOf: (key: string) => string | null = (key) => key,
): {
  placed: { path: string; message: string }[];
  unplaced: string[];
  first: { index: number; path: string } | undefined;
} {
  const placed: { path: string; message: string }[] = [];
  const unplaced: string[] = [];
  for (const [key, message] of Object.entries(fieldErrors)) {
    const path = pathOf(key);
    if (path === null) continue;
    if (stepOfPath(steps, path) >= 0) placed.push({ path, message });
    else unplaced.push(message);
  }
  return {
    placed,
    unplaced,
    first: firstOnSteps(
      steps,
      placed.map((p) => p.path),
    ),
  };
}

/** Keys of react-hook-form's error objects that hold no nested field (`ref` is a DOM element). */
const ERROR_OWN_KEYS = new Set(["message", "type", "types", "ref", "root"]);

/**
 * Every message in react-hook-form's nested errors, with its form path, in the form's order. A field
 * array's own error (`<path>.root`) is reported at the array's path.
 */
export function errorEntries(errors: object): { path: string; message: string }[] {
  const entries: { path: string; message: string }[] = [];
  const walk = (node: unknown, path: string) => {
    if (!node || typeof node !== "object") return;
    const record = node as Record<string, unknown>;
    if (typeof record.message === "string" && record.message !== "")
      entries.push({ path, message: record.message });
    const root = record.root as { message?: unknown } | undefined;
    if (root && typeof root.message === "string") entries.push({ path, message: root.message });
    for (const [key, inner] of Object.entries(record)) {
      if (!ERROR_OWN_KEYS.has(key)) walk(inner, path ? `${path}.${key}` : key);
    }
  };
  walk(errors, "");
  return entries;
}

/**
 * The paths a shared link's values are validated at: each field it set, and each list that field
 * is a row of, so a rule about the list as a whole (a canned ACL beside grants) shows up too.
 */
export function linkValidationPaths(linkFields: readonly string[]): string[] {
  const paths = new Set<string>(linkFields);
  for (const field of linkFields) {
    const segments = field.split(".");
    segments.forEach((segment, index) => {
      if (index > 0 && /^\d+$/.test(segment)) paths.add(segments.slice(0, index).join("."));
    });
  }
  return [...paths];
}
