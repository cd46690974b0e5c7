"use client";

import { type Path, type UseFormReturn } from "react-hook-form";
import { Field, inputClass, InputField } from "@/components/ui/field";
import { errorAt } from "@/components/ui/form-errors";
import { fieldLabel } from "@/lib/glacier/field-labels";
import { type SelectJobInput, type SelectJobValues } from "@/lib/glacier/schemas/select-job";

/** The select wizard's form, as every select-* component receives it. */
export type SelectForm = UseFormReturn<SelectJobInput, unknown, SelectJobValues>;
export type SelectPath = Path<SelectJobInput>;

/** A labelled text input bound to `name`, with its error from the form; the label defaults to the field's (field-labels.ts). */
export function TextField({
  form,
  name,
  label,
  hint,
  placeholder,
  className,
  mono = false,
}: {
  form: SelectForm;
  name: SelectPath;
  label?: React.ReactNode;
  hint?: React.ReactNode;
  placeholder?: string;
  className?: string;
  mono?: boolean;
}) {
  return (
    <InputField
      label={label ?? fieldLabel(name)}
      hint={hint}
      error={errorAt(form.formState.errors, name)}
      className={className}
      mono={mono}
      {...form.register(name)}
      placeholder={placeholder}
      autoComplete="off"
      spellCheck={false}
    />
  );
}

export type Choice = { value: string; label: string };

/** A labelled select bound to `name` (label as TextField's); "" is the "not sent" choice when `none` is given. */
export function ChoiceField({
  form,
  name,
  label,
  choices,
  none,
  hint,
  className,
  onValueChange,
}: {
  form: SelectForm;
  name: SelectPath;
  label?: React.ReactNode;
  choices: readonly (string | Choice)[];
  /** Label of the empty choice (the member is then left out of the request). */
  none?: string;
  hint?: React.ReactNode;
  className?: string;
  /** Runs after the form took a choice the user made (not for values set by code). */
  onValueChange?: (value: string) => void;
}) {
  const registered = form.register(name);
  return (
    <Field
      label={label ?? fieldLabel(name)}
      hint={hint}
      error={errorAt(form.formState.errors, name)}
      className={className}
    >
      {(aria) => (
        <select
          {...aria}
          {...registered}
          onChange={async (event) => {
            await registered.onChange(event);
            onValueChange?.(event.target.value);
          }}
          className={inputClass}
        >
          {none !== undefined && <option value="">{none}</option>}
          {choices.map((choice) => {
            const { value, label: text } =
              typeof choice === "string" ? { value: choice, label: choice } : choice;
            return (
              <option key={value} value={value}>
                {text}
              </option>
            );
          })}
        </select>
      )}
    </Field>
  );
}

/**
 * Clears members the user's new choice made meaningless (KMS fields after leaving aws:kms, another
 * grantee type's identifier), so a stale hidden value never reaches the request.
 */
export function clearMembers(form: SelectForm, paths: readonly SelectPath[]): void {
  for (const path of paths) {
    if (form.getValues(path)) form.setValue(path, "", { shouldDirty: true });
  }
}

/** An error set on a list as a whole (zodResolver puts it at `<path>.root` for field arrays). */
export function listError(form: SelectForm, path: string): string | undefined {
  const { errors } = form.formState;
  return errorAt(errors, `${path}.root`) ?? errorAt(errors, path);
}
