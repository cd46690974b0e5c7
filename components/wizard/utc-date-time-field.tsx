"use client";

import { InputField } from "@/components/ui/field";

/**
 * A UTC date-time input whose form value is Glacier's own string (`2013-03-20T17:03:43Z`). The
 * browser's datetime-local control has no time zone, so its value is read and written as UTC.
 * A value the control cannot show (from a tampered link) leaves it empty; the error names the value.
 */
export function toGlacierDate(local: string): string {
  if (local === "") return "";
  const withSeconds = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local) ? `${local}:00` : local;
  return `${withSeconds}Z`;
}

export function toLocalInput(glacier: string): string {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(glacier);
  return match?.[1] ?? "";
}

export function UtcDateTimeField({
  label,
  value,
  onChange,
  onBlur,
  error,
  hint,
}: {
  label: string;
  value: string;
  onChange: (glacierDate: string) => void;
  onBlur: () => void;
  error: string | undefined;
  hint?: string;
}) {
  return (
    <InputField
      label={`${label} (UTC)`}
      error={error}
      hint={hint}
      type="datetime-local"
      step={1}
      value={toLocalInput(value)}
      onChange={(e) => onChange(toGlacierDate(e.target.value))}
      onBlur={onBlur}
    />
  );
}
