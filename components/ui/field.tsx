import { useId } from "react";
import { splitFieldError } from "@/lib/glacier/field-labels";
import { cn } from "./cn";

export const inputClass =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-900 shadow-xs placeholder:text-slate-400 aria-invalid:border-red-500 aria-invalid:ring-1 aria-invalid:ring-red-500 disabled:bg-slate-100";

type FieldProps = {
  label: React.ReactNode;
  error?: string | undefined;
  hint?: React.ReactNode;
  className?: string;
  /** Renders the control, wired to the label, hint and error. */
  children: (aria: {
    id: string;
    "aria-invalid": boolean;
    "aria-describedby": string | undefined;
  }) => React.ReactNode;
};

/** A labelled control whose hint and error are tied to it with aria-describedby; errors are announced. */
export function Field({ label, error, hint, className, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cn("space-y-1", className)}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children({ id, "aria-invalid": Boolean(error), "aria-describedby": describedBy })}
      {hint && (
        <p id={hintId} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      <FieldError id={errorId} error={error} />
    </div>
  );
}

/**
 * A field's error: the message in the screen's words, then (when the rule gave one) the API path and
 * AWS's error code in small print, for whoever compares it with AWS's documentation.
 */
export function FieldError({
  id,
  error,
  className,
}: {
  id?: string | undefined;
  error: string | undefined;
  className?: string;
}) {
  const { message, detail } = splitFieldError(error ?? "");
  return (
    <p id={id} aria-live="polite" className={cn("text-xs text-red-700 empty:hidden", className)}>
      {message}
      {detail && (
        <span className="block font-mono text-[11px] text-slate-500" data-testid="field-error-detail">
          {detail}
        </span>
      )}
    </p>
  );
}

/** A fieldset headed by its legend, as the longer forms group their fields into sections. */
export function FormSection({
  legend,
  className,
  children,
}: {
  legend: React.ReactNode;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <fieldset className={className}>
      <legend className="mb-2 text-sm font-semibold text-slate-800">{legend}</legend>
      {children}
    </fieldset>
  );
}

type InputFieldProps = Omit<FieldProps, "children"> & {
  /** Monospaced, for identifiers, paths and ARNs. */
  mono?: boolean;
} & Omit<React.ComponentProps<"input">, "className" | "id" | "children">;

/**
 * A labelled text input: Field around an `<input>` that takes every other prop (a react-hook-form
 * registration, value and onChange, placeholder, autoComplete…).
 */
export function InputField({ label, error, hint, className, mono = false, ...input }: InputFieldProps) {
  return (
    <Field label={label} error={error} hint={hint} className={className}>
      {(aria) => <input {...aria} {...input} className={mono ? `${inputClass} font-mono` : inputClass} />}
    </Field>
  );
}

/** A select's `<option>`s: one a value, labelled by `labelOf` (by the value itself when not given). */
export function Options<T extends string>({
  values,
  labelOf = (value) => value,
}: {
  values: readonly T[];
  labelOf?: (value: T) => React.ReactNode;
}) {
  return (
    <>
      {values.map((value) => (
        <option key={value} value={value}>
          {labelOf(value)}
        </option>
      ))}
    </>
  );
}
