"use client";

import { type UseFormRegisterReturn } from "react-hook-form";
import { cn } from "@/components/ui/cn";
import { Field, inputClass } from "@/components/ui/field";
import { descriptionByteLength, MAX_DESCRIPTION_BYTES } from "@/lib/glacier/description";
import { fieldLabel } from "@/lib/glacier/field-labels";

/** The job Description with a live byte counter: Glacier counts bytes of printable ASCII, at most 1024. */
export function DescriptionField({
  registration,
  value,
  error,
}: {
  registration: UseFormRegisterReturn;
  value: string;
  error: string | undefined;
}) {
  const bytes = descriptionByteLength(value);
  const over = bytes > MAX_DESCRIPTION_BYTES;
  return (
    <Field
      label={`${fieldLabel("Description")} (optional)`}
      error={error}
      hint={
        <span className="flex justify-between gap-4">
          <span>Printable ASCII only. Glacier returns it as JobDescription and in the SNS message.</span>
          <span aria-live="polite" className={cn("tabular-nums", over && "font-semibold text-red-700")}>
            {bytes} / {MAX_DESCRIPTION_BYTES} bytes
          </span>
        </span>
      }
    >
      {(aria) => (
        <input {...aria} {...registration} className={inputClass} autoComplete="off" spellCheck={false} />
      )}
    </Field>
  );
}
