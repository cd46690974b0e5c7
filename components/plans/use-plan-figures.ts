"use client";

import { useEffect, useMemo } from "react";
import { type DeepPartial, type UseFormReturn } from "react-hook-form";
import {
  budgetBytes,
  estimatePlan,
  type PlanForm,
  type PlanFormInput,
  type PlanLimits,
  planLimitWarnings,
  type PlanSelection,
} from "@/lib/glacier/plan-form";
import { type PlanThroughput } from "@/lib/glacier/plan-duration";
import { type PricingTable } from "@/lib/glacier/pricing";
import { useCheckedSelection } from "./checked-selection";

/**
 * The plan form's live figures: the selection's totals (counted here for checked rows, which also fill
 * the form's `selection`), the limits as typed so far, every tier's estimate and the warnings.
 */
export function usePlanFigures({
  form,
  values,
  inventoryId,
  selection,
  totals,
  pricing,
  throughput,
}: {
  form: UseFormReturn<PlanFormInput, unknown, PlanForm>;
  /** The watched form values. */
  values: DeepPartial<PlanFormInput>;
  inventoryId: string;
  selection: PlanSelection | { kind: "checked" };
  totals: { archives: number; bytes: number; largest: number } | null;
  pricing: PricingTable;
  /** The server's initiation rate and copies at once, and the assumed copy speed. */
  throughput: PlanThroughput;
}) {
  const { setValue } = form;
  const checked = useCheckedSelection(inventoryId, selection.kind === "checked");
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
  const limits: PlanLimits = {
    tier: values.tier ?? "Bulk",
    capUsd: typeof values.capUsd === "number" ? values.capUsd : Number.NaN,
    maxInFlight: typeof values.maxInFlight === "number" && values.maxInFlight >= 1 ? values.maxInFlight : 1,
    dailyByteBudget:
      typeof values.dailyByteBudgetGiB === "number" ? budgetBytes(values.dailyByteBudgetGiB) : null,
  };
  const estimates = useMemo(
    () => (summary ? estimatePlan(summary, limits, pricing, throughput) : []),
    // limits is rebuilt each render from the watched values; its parts are the real dependencies.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [summary, limits.capUsd, limits.maxInFlight, limits.dailyByteBudget, pricing, throughput],
  );
  const warnings =
    summary && Number.isFinite(limits.capUsd) ? planLimitWarnings(summary, limits, pricing) : [];

  return { checkedMissing, summary, limits, estimates, warnings };
}
