"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Save } from "lucide-react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { applyServerErrors, errorAt } from "@/components/ui/form-errors";
import { type ActionResult } from "@/lib/auth/action-result";
import {
  BYTES_PER_GIB,
  type PlanLimitsFields,
  type PlanLimitsFieldsInput,
  planLimitsFieldsSchema,
} from "@/lib/glacier/plan-form";
import { LIMIT_REGISTER_OPTIONS, LimitFields } from "./limit-fields";
import { usePlanAction } from "./use-plan-action";

export type UpdateLimitsAction = (
  input: PlanLimitsFields & { planId: string },
) => Promise<ActionResult<unknown>>;

const FIELDS = ["capUsd", "maxInFlight", "dailyByteBudgetGiB"] as const;

/** Cap, jobs in flight and daily budget of a plan that is still going; raising the cap continues a capped plan. */
export function PlanLimitsForm({
  planId,
  current,
  onSave,
}: {
  planId: string;
  current: { capUsd: number; maxInFlight: number; dailyByteBudget: number | null };
  onSave: UpdateLimitsAction;
}) {
  const form = useForm<PlanLimitsFieldsInput, unknown, PlanLimitsFields>({
    resolver: zodResolver(planLimitsFieldsSchema),
    mode: "onTouched",
    defaultValues: {
      capUsd: current.capUsd,
      maxInFlight: current.maxInFlight,
      dailyByteBudgetGiB: current.dailyByteBudget === null ? null : current.dailyByteBudget / BYTES_PER_GIB,
    },
  });
  const { run, pending, error } = usePlanAction();
  const { errors } = form.formState;
  const save = form.handleSubmit(async (values) => {
    const result = await run(() => onSave({ planId, ...values }));
    if (result && !result.ok) applyServerErrors(form.setError, result.fieldErrors, FIELDS);
  });
  return (
    <form noValidate aria-label="Plan limits" className="space-y-3" onSubmit={(e) => void save(e)}>
      <LimitFields
        capUsd={{
          registration: form.register("capUsd", LIMIT_REGISTER_OPTIONS.capUsd),
          error: errorAt(errors, "capUsd"),
        }}
        maxInFlight={{
          registration: form.register("maxInFlight", LIMIT_REGISTER_OPTIONS.maxInFlight),
          error: errorAt(errors, "maxInFlight"),
        }}
        dailyByteBudgetGiB={{
          registration: form.register("dailyByteBudgetGiB", LIMIT_REGISTER_OPTIONS.dailyByteBudgetGiB),
          error: errorAt(errors, "dailyByteBudgetGiB"),
        }}
      />
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          <Save aria-hidden className="size-4" /> {pending ? "Saving…" : "Save limits"}
        </Button>
        <p role="status" aria-live="polite" className="text-sm text-red-800 empty:hidden">
          {error}
        </p>
      </div>
    </form>
  );
}
