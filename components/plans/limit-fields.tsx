"use client";

import { type UseFormRegisterReturn } from "react-hook-form";
import { Field, inputClass } from "@/components/ui/field";
import { formatBytes } from "@/lib/glacier/format";
import { MAX_IN_FLIGHT } from "@/lib/glacier/plan-form";

type FieldAria = Parameters<React.ComponentProps<typeof Field>["children"]>[0];
type Control = { registration: UseFormRegisterReturn; error: string | undefined };

/** Register options of the limit inputs: numbers, and an empty daily budget means none. */
export const LIMIT_REGISTER_OPTIONS = {
  capUsd: { valueAsNumber: true },
  maxInFlight: { valueAsNumber: true },
  dailyByteBudgetGiB: {
    setValueAs: (v: unknown) => (v === "" || v === null || v === undefined ? null : Number(v)),
  },
} as const;

/** A number input; `whole` for counts (step 1, numeric keypad), otherwise any decimal. */
function NumberInput({
  aria,
  registration,
  min,
  max,
  whole = false,
}: {
  aria: FieldAria;
  registration: UseFormRegisterReturn;
  min: string;
  max?: number;
  whole?: boolean;
}) {
  return (
    <input
      {...aria}
      {...registration}
      type="number"
      min={min}
      max={max}
      step={whole ? "1" : "any"}
      inputMode={whole ? "numeric" : "decimal"}
      className={inputClass}
    />
  );
}

/** Spending cap, jobs in flight and daily byte budget: the plan form's and the edit-limits form's fields. */
export function LimitFields({
  capUsd,
  maxInFlight,
  dailyByteBudgetGiB,
  policyRate,
}: {
  capUsd: Control;
  maxInFlight: Control;
  dailyByteBudgetGiB: Control;
  /** The account's data retrieval policy rate (BytesPerHour), offered as the daily budget. */
  policyRate?: { bytesPerHour: number; use: () => void } | null;
}) {
  // Sized by its container, not the window: the wizard's wide step and the plan page's half-width card.
  return (
    <div className="@container">
      <div className="grid gap-4 @xl:grid-cols-3">
        <Field
          label="Spending cap (USD)"
          error={capUsd.error}
          hint="No job starts that would take the estimated spend past this. Raise it later to continue."
        >
          {(aria) => <NumberInput aria={aria} registration={capUsd.registration} min="0" />}
        </Field>
        <Field
          label="Jobs in flight at most"
          error={maxInFlight.error}
          hint={`1 to ${MAX_IN_FLIGHT.toLocaleString("en-US")} retrieval jobs at once.`}
        >
          {(aria) => (
            <NumberInput
              aria={aria}
              registration={maxInFlight.registration}
              min="1"
              max={MAX_IN_FLIGHT}
              whole
            />
          )}
        </Field>
        <Field
          label="Daily byte budget (GiB)"
          error={dailyByteBudgetGiB.error}
          hint={
            <>
              Optional: bytes requested per 24 hours. Empty: no budget.
              {policyRate && (
                <>
                  {" "}
                  The account&apos;s data retrieval policy allows {formatBytes(policyRate.bytesPerHour)} per
                  hour.{" "}
                  <button type="button" onClick={policyRate.use} className="text-ice-700 underline">
                    Use {formatBytes(policyRate.bytesPerHour * 24)} per day
                  </button>
                </>
              )}
            </>
          }
        >
          {(aria) => <NumberInput aria={aria} registration={dailyByteBudgetGiB.registration} min="0" />}
        </Field>
      </div>
    </div>
  );
}
