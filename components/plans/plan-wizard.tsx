"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Truck } from "lucide-react";
import { useEffect, useMemo } from "react";
import { useForm, useWatch } from "react-hook-form";
import { FactList } from "@/components/ui/card";
import { Field, inputClass } from "@/components/ui/field";
import { errorAt } from "@/components/ui/form-errors";
import { newIdempotencyKey, useStepWizard } from "@/components/wizard/use-step-wizard";
import {
  WizardForm,
  WizardStepNav,
  WizardStepSection,
  WizardTopError,
} from "@/components/wizard/wizard-step-frame";
import { actionFailure, type ActionResult } from "@/lib/auth/action-result";
import { formatBytes, formatCount, formatUtc } from "@/lib/glacier/format";
import {
  BYTES_PER_GIB,
  budgetBytes,
  estimatePlan,
  type PlanForm,
  type PlanFormInput,
  planFormSchema,
  planLimitWarnings,
  type PlanSelection,
} from "@/lib/glacier/plan-form";
import { type PricingTable } from "@/lib/glacier/pricing";
import { useCheckedSelection } from "./checked-selection";
import { DestinationFields } from "./destination-fields";
import { LIMIT_REGISTER_OPTIONS, LimitFields } from "./limit-fields";
import { ORDER_LABELS, selectionText } from "./plan-format";
import { PlanReview, Warnings } from "./plan-review";
import { TierEstimates } from "./tier-estimates";

export type PlanWizardInventory = { id: string; vaultName: string; date: string | null; archives: number };
export type SelectionSummary = { archives: number; bytes: number; largest: number };

/** Server actions refuse bodies over 1 MB; checked ids are the only part that can grow that large. */
const MAX_BODY_CHARS = 900_000;

const STEPS = [
  { id: "archives", title: "Archives", fields: ["name", "selection", "inventoryId", "planKey"] },
  {
    id: "limits",
    title: "Tier and limits",
    fields: ["tier", "capUsd", "maxInFlight", "dailyByteBudgetGiB", "orderBy", "prefix"],
  },
  { id: "destination", title: "Destination", fields: ["destination"] },
  { id: "review", title: "Review", fields: [] },
] as const;

/**
 * The plan form: which archives, tier and limits with every tier's estimate side by side, destination,
 * review. Creating the plan starts it, so nothing is sent before the review step; the form's `planKey`
 * makes a double click or a retried request create one plan.
 */
export function PlanWizard({
  inventory,
  selection,
  totals,
  pricing,
  exportRoots,
  policyBytesPerHour,
  onCreate,
}: {
  inventory: PlanWizardInventory;
  /** "checked": the ids come from this tab's sessionStorage (the catalog's checked rows). */
  selection: PlanSelection | { kind: "checked" };
  /** Null for checked rows: counted here from what the catalog stored. */
  totals: SelectionSummary | null;
  pricing: PricingTable;
  exportRoots: readonly string[];
  /** The data retrieval policy's BytesPerHour, when the account has one. */
  policyBytesPerHour: number | null;
  onCreate: (form: PlanForm) => Promise<ActionResult<unknown> | undefined>;
}) {
  const form = useForm<PlanFormInput, unknown, PlanForm>({
    resolver: zodResolver(planFormSchema),
    mode: "onTouched",
    defaultValues: {
      planKey: newIdempotencyKey(),
      name: `Migrate ${inventory.vaultName}`,
      inventoryId: inventory.id,
      selection: selection.kind === "checked" ? { kind: "ids", archiveIds: [] } : selection,
      tier: "Bulk",
      capUsd: 10,
      maxInFlight: 20,
      dailyByteBudgetGiB: null,
      orderBy: "smallest",
      prefix: "",
      destination: {
        kind: "s3",
        bucket: "",
        prefix: `${inventory.vaultName}/`,
        storageClass: "DEEP_ARCHIVE",
      },
    },
  });
  const { register, setValue, getValues } = form;
  const { errors, isSubmitting } = form.formState;
  const values = useWatch({ control: form.control });
  const wizard = useStepWizard({
    form,
    steps: STEPS,
    onSubmit: (parsed) =>
      JSON.stringify(parsed).length > MAX_BODY_CHARS
        ? Promise.resolve(
            actionFailure("Too many checked archives for one request: plan them by a filter, or in two plans."),
          )
        : onCreate(parsed),
    lostRequestMessage:
      "The request did not reach the server or its answer was lost. Submitting again is safe: this form creates at most one plan.",
  });

  const checked = useCheckedSelection(inventory.id, selection.kind === "checked");
  const checkedMissing = selection.kind === "checked" && checked === null;
  useEffect(() => {
    if (checked && checked !== "loading")
      setValue("selection", { kind: "ids", archiveIds: checked.archiveIds });
  }, [checked, setValue]);
  const checkedTotals =
    checked && checked !== "loading"
      ? { archives: checked.archiveIds.length, bytes: checked.bytes, largest: checked.largest }
      : null;

  const summary = totals ?? checkedTotals;
  const limits = {
    tier: values.tier ?? "Bulk",
    capUsd: typeof values.capUsd === "number" ? values.capUsd : Number.NaN,
    maxInFlight: typeof values.maxInFlight === "number" && values.maxInFlight >= 1 ? values.maxInFlight : 1,
    dailyByteBudget:
      typeof values.dailyByteBudgetGiB === "number" ? budgetBytes(values.dailyByteBudgetGiB) : null,
  };
  const estimates = useMemo(
    () => (summary ? estimatePlan(summary, limits, pricing) : []),
    // limits is rebuilt each render from the watched values; its parts are the real dependencies.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [summary, limits.capUsd, limits.maxInFlight, limits.dailyByteBudget, pricing],
  );
  const warnings =
    summary && Number.isFinite(limits.capUsd) ? planLimitWarnings(summary, limits, pricing) : [];

  const { current, topError } = wizard;
  if (!current || !wizard.sectionProps) return null;
  const parsedSelection = getValues("selection");

  return (
    <WizardForm label="Plan a migration" {...wizard.formProps}>
      {topError && <WizardTopError label="Plan problem" message={topError} />}
      <WizardStepSection {...wizard.sectionProps}>
        {current.id === "archives" && (
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
                  ["Inventory", `${formatUtc(inventory.date)} · ${formatCount(inventory.archives)} archives`],
                  ["Selection", summary ? selectionText(parsedSelection, summary.archives) : "Counting…"],
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
            <Field label="Plan name" error={errorAt(errors, "name")}>
              {(aria) => <input {...aria} {...register("name")} className={inputClass} autoComplete="off" />}
            </Field>
          </>
        )}
        {current.id === "limits" && (
          <>
            <TierEstimates
              estimates={estimates}
              chosen={values.tier}
              capUsd={limits.capUsd}
              pricing={pricing}
              registration={register("tier")}
              error={errorAt(errors, "tier")}
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
              <Field
                label="Order"
                error={errorAt(errors, "orderBy")}
                hint="Which archives are requested first."
              >
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
                <Field
                  label="Prefix first"
                  error={errorAt(errors, "prefix")}
                  hint="Archives whose path starts with this go first."
                >
                  {(aria) => (
                    <input
                      {...aria}
                      {...register("prefix")}
                      className={`${inputClass} font-mono`}
                      autoComplete="off"
                    />
                  )}
                </Field>
              )}
            </div>
            <Warnings warnings={warnings} />
          </>
        )}
        {current.id === "destination" && (
          <DestinationFields
            register={register}
            errors={errors}
            kind={values.destination?.kind}
            exportRoots={exportRoots}
          />
        )}
        {current.id === "review" && (
          <PlanReview
            values={getValues()}
            archives={
              summary
                ? `${selectionText(parsedSelection, summary.archives)} · ${formatBytes(summary.bytes)}`
                : "…"
            }
            limits={limits}
            estimates={estimates}
            pricing={pricing}
            warnings={warnings}
          />
        )}
      </WizardStepSection>
      <WizardStepNav
        {...wizard.navProps}
        submit={{
          icon: <Truck aria-hidden className="size-4" />,
          label: isSubmitting ? "Checking and creating…" : "Create and start plan",
          disabled: isSubmitting || checkedMissing,
        }}
      />
    </WizardForm>
  );
}
