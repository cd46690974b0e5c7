"use client";

import { type UseFormReturn } from "react-hook-form";
import { FactList } from "@/components/ui/card";
import { Field, inputClass, InputField } from "@/components/ui/field";
import { errorAt } from "@/components/ui/form-errors";
import { formatBytes, formatCount, formatUtc } from "@/lib/glacier/format";
import {
  BYTES_PER_GIB,
  type PlanForm,
  type PlanFormInput,
  type PlanLimits,
  type TierEstimate,
} from "@/lib/glacier/plan-form";
import { type PricingTable } from "@/lib/glacier/pricing";
import { LIMIT_REGISTER_OPTIONS, LimitFields } from "./limit-fields";
import { ORDER_LABELS } from "./plan-format";
import { Warnings } from "./plan-review";
import { TierEstimates } from "./tier-estimates";

type PlanFormApi = UseFormReturn<PlanFormInput, unknown, PlanForm>;

/** The plan form's first step: what the selection holds, and the plan's name. */
export function PlanArchivesStep({
  form,
  inventory,
  selection,
  summary,
  checkedMissing,
}: {
  form: PlanFormApi;
  inventory: { vaultName: string; date: string | null; archives: number; partial: string | null };
  /** The selection in words; null while the checked rows are counted. */
  selection: string | null;
  summary: { archives: number; bytes: number; largest: number } | null;
  checkedMissing: boolean;
}) {
  const { register } = form;
  const { errors } = form.formState;
  return (
    <>
      {checkedMissing ? (
        <p role="alert" className="text-sm text-red-800">
          The checked archives are not available in this tab. Go back to the catalog and choose “Plan
          migration” again.
        </p>
      ) : (
        <FactList
          facts={[
            ["Vault", inventory.vaultName],
            [
              "Inventory",
              `${formatUtc(inventory.date)} · ${formatCount(inventory.archives)} archives${inventory.partial ? ` · partial: ${inventory.partial}` : ""}`,
            ],
            ["Selection", selection ?? "Counting…"],
            ["Total size", summary ? formatBytes(summary.bytes) : "…"],
            ["Largest archive", summary ? formatBytes(summary.largest) : "…"],
          ]}
        />
      )}
      <p aria-live="polite" className="text-xs text-red-700 empty:hidden">
        {errorAt(errors, "selection.archiveIds") ??
          errorAt(errors, "selection.q") ??
          errorAt(errors, "selection") ??
          errorAt(errors, "inventoryId")}
      </p>
      <InputField
        label="Plan name"
        error={errorAt(errors, "name")}
        {...register("name")}
        autoComplete="off"
      />
    </>
  );
}

/** Tier (each tier's estimate side by side), spending cap, jobs in flight, daily budget and order. */
export function PlanLimitsStep({
  form,
  values,
  limits,
  estimates,
  assumptions,
  pricing,
  warnings,
  policyBytesPerHour,
}: {
  form: PlanFormApi;
  values: { tier: PlanFormInput["tier"] | undefined; orderBy: PlanFormInput["orderBy"] | undefined };
  limits: PlanLimits;
  estimates: TierEstimate[];
  /** The settings the durations assume, in words. */
  assumptions: string;
  pricing: PricingTable;
  warnings: string[];
  /** The data retrieval policy's BytesPerHour, when the account has one. */
  policyBytesPerHour: number | null;
}) {
  const { register, setValue } = form;
  const { errors } = form.formState;
  return (
    <>
      <TierEstimates
        estimates={estimates}
        chosen={values.tier}
        capUsd={limits.capUsd}
        pricing={pricing}
        registration={register("tier")}
        error={errorAt(errors, "tier")}
        assumptions={assumptions}
      />
      <LimitFields
        capUsd={{
          registration: register("capUsd", LIMIT_REGISTER_OPTIONS.capUsd),
          error: errorAt(errors, "capUsd"),
        }}
        maxInFlight={{
          registration: register("maxInFlight", LIMIT_REGISTER_OPTIONS.maxInFlight),
          error: errorAt(errors, "maxInFlight"),
        }}
        dailyByteBudgetGiB={{
          registration: register("dailyByteBudgetGiB", LIMIT_REGISTER_OPTIONS.dailyByteBudgetGiB),
          error: errorAt(errors, "dailyByteBudgetGiB"),
        }}
        policyRate={
          policyBytesPerHour
            ? {
                bytesPerHour: policyBytesPerHour,
                use: () =>
                  setValue("dailyByteBudgetGiB", (policyBytesPerHour * 24) / BYTES_PER_GIB, {
                    shouldValidate: true,
                  }),
              }
            : null
        }
      />
      <div className="grid gap-4 md:grid-cols-2">
        <Field label="Order" error={errorAt(errors, "orderBy")} hint="Which archives are requested first.">
          {(aria) => (
            <select {...aria} {...register("orderBy")} className={inputClass}>
              {Object.entries(ORDER_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {values.orderBy === "prefix" && (
          <InputField
            label="Prefix first"
            error={errorAt(errors, "prefix")}
            hint="Archives whose path starts with this go first."
            mono
            {...register("prefix")}
            autoComplete="off"
          />
        )}
      </div>
      <Warnings warnings={warnings} />
    </>
  );
}
