"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Truck } from "lucide-react";
import { useForm, useWatch } from "react-hook-form";
import { newIdempotencyKey, useStepWizard } from "@/components/wizard/use-step-wizard";
import {
  WizardForm,
  WizardStepNav,
  WizardStepSection,
  WizardTopError,
} from "@/components/wizard/wizard-step-frame";
import { actionFailure, type ActionResult } from "@/lib/auth/action-result";
import { formatBytes } from "@/lib/glacier/format";
import {
  type PlanForm,
  type PlanFormInput,
  planFormSchema,
  type PlanSelection,
} from "@/lib/glacier/plan-form";
import { describeThroughput, type PlanThroughput } from "@/lib/glacier/plan-duration";
import { type PricingTable } from "@/lib/glacier/pricing";
import { DestinationFields } from "./destination-fields";
import { selectionText } from "./plan-format";
import { PlanReview } from "./plan-review";
import { PlanArchivesStep, PlanLimitsStep } from "./plan-wizard-steps";
import { usePlanFigures } from "./use-plan-figures";

export type PlanWizardInventory = {
  id: string;
  vaultName: string;
  date: string | null;
  archives: number;
  /** What a partial inventory covers (lib/inventory coverageLabel); null for the whole vault. */
  partial: string | null;
  /** "" for the whole vault, else " in this window" / " on this page" (after "all N archives"). */
  allSuffix: string;
};
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
  throughput,
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
  throughput: PlanThroughput;
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
  const { register, getValues } = form;
  const { errors, isSubmitting } = form.formState;
  const values = useWatch({ control: form.control });
  const wizard = useStepWizard({
    form,
    steps: STEPS,
    onSubmit: (parsed) =>
      JSON.stringify(parsed).length > MAX_BODY_CHARS
        ? Promise.resolve(
            actionFailure(
              "Too many checked archives for one request: plan them by a filter, or in two plans.",
            ),
          )
        : onCreate(parsed),
    lostRequestMessage:
      "The request did not reach the server or its answer was lost. Submitting again is safe: this form creates at most one plan.",
  });

  const { checkedMissing, summary, limits, estimates, warnings } = usePlanFigures({
    form,
    values,
    inventoryId: inventory.id,
    selection,
    totals,
    pricing,
    throughput,
  });

  const { current, topError } = wizard;
  if (!current || !wizard.sectionProps) return null;
  const parsedSelection = getValues("selection");

  return (
    <WizardForm label="Plan a migration" {...wizard.formProps}>
      {topError && <WizardTopError label="Plan problem" message={topError} />}
      <WizardStepSection {...wizard.sectionProps}>
        {current.id === "archives" && (
          <PlanArchivesStep
            form={form}
            inventory={inventory}
            selection={summary ? selectionText(parsedSelection, summary.archives, inventory.allSuffix) : null}
            summary={summary}
            checkedMissing={checkedMissing}
          />
        )}
        {current.id === "limits" && (
          <PlanLimitsStep
            form={form}
            values={{ tier: values.tier, orderBy: values.orderBy }}
            limits={limits}
            estimates={estimates}
            assumptions={describeThroughput(limits.maxInFlight, throughput)}
            pricing={pricing}
            warnings={warnings}
            policyBytesPerHour={policyBytesPerHour}
          />
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
                ? `${selectionText(parsedSelection, summary.archives, inventory.allSuffix)} · ${formatBytes(summary.bytes)}`
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
