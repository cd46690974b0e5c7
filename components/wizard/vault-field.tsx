"use client";

import { type UseFormRegisterReturn } from "react-hook-form";
import { Field, inputClass, Options } from "@/components/ui/field";
import { fieldLabel } from "@/lib/glacier/field-labels";

/**
 * The target vault, chosen from the connection's vaults. A value from a link that is not among
 * them stays selectable, so its field error shows instead of the value silently changing.
 */
export function VaultField({
  registration,
  value,
  vaults,
  error,
}: {
  registration: UseFormRegisterReturn;
  value: string;
  vaults: readonly string[];
  error: string | undefined;
}) {
  const options = value && !vaults.includes(value) ? [value, ...vaults] : vaults;
  return (
    <Field label={fieldLabel("vault")} error={error}>
      {(aria) => (
        <select {...aria} {...registration} className={inputClass}>
          <option value="">Choose a vault…</option>
          <Options
            values={options}
            labelOf={(name) => (vaults.includes(name) ? name : `${name} (not in this connection)`)}
          />
        </select>
      )}
    </Field>
  );
}
