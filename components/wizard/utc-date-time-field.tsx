"use client";

import { useState } from "react";
import { InputField } from "@/components/ui/field";
import { GLACIER_DATE_EXAMPLE, normalizeUtcInput } from "@/lib/glacier/dates";

/**
 * A UTC date-time input whose form value is Glacier's own string (`2013-03-20T17:03:43Z`). A plain
 * text input, not the browser's datetime-local control: that one shows the browser's locale
 * (`06/01/2024, 12:00:00 AM`) under a label that says UTC. While the field is being typed in it
 * shows the text as typed; the form holds it written the Glacier way (`normalizeUtcInput`), and the
 * field shows that once it loses focus. A tampered link's value is shown as it came, with its error.
 */
export function UtcDateTimeField({
  label,
  value,
  onChange,
  onBlur,
  error,
  hint,
  inputRef,
}: {
  label: string;
  value: string;
  onChange: (glacierDate: string) => void;
  onBlur: () => void;
  error: string | undefined;
  hint?: string;
  /** The form's handle on the input, so a link's problem list and a failed step can focus it. */
  inputRef?: React.Ref<HTMLInputElement>;
}) {
  const [typed, setTyped] = useState<string | null>(null);
  return (
    <InputField
      ref={inputRef}
      label={label}
      error={error}
      hint={hint ? `${hint} ISO 8601 in UTC, e.g. ${GLACIER_DATE_EXAMPLE}.` : undefined}
      placeholder="YYYY-MM-DD hh:mm:ss"
      inputMode="text"
      autoComplete="off"
      spellCheck={false}
      mono
      value={typed ?? value}
      onFocus={() => setTyped(value)}
      onChange={(e) => {
        setTyped(e.target.value);
        onChange(normalizeUtcInput(e.target.value));
      }}
      onBlur={() => {
        setTyped(null);
        onBlur();
      }}
    />
  );
}
