import { type FieldErrors, type FieldValues, type Path, type UseFormSetError } from "react-hook-form";

/** The message at a dotted path of react-hook-form's nested errors (unions make typed access awkward). */
export function errorAt(errors: FieldErrors, path: string): string | undefined {
  let node: unknown = errors;
  for (const key of path.split(".")) {
    if (!node || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  const message = node && typeof node === "object" ? (node as { message?: unknown }).message : undefined;
  return typeof message === "string" ? message : undefined;
}

/** Puts a server action's field errors on the form's fields; returns the messages that match no field. */
export function applyServerErrors<T extends FieldValues>(
  setError: UseFormSetError<T>,
  fieldErrors: Record<string, string>,
  knownFields: readonly string[],
): string[] {
  const unplaced: string[] = [];
  for (const [path, message] of Object.entries(fieldErrors)) {
    if (knownFields.includes(path))
      setError(path as Path<T>, { type: "server", message }, { shouldFocus: true });
    else unplaced.push(message);
  }
  return unplaced;
}
