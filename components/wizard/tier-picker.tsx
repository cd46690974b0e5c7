"use client";

import { useId } from "react";
import { type FieldErrors, type UseFormRegisterReturn } from "react-hook-form";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { FieldError } from "@/components/ui/field";
import { errorAt } from "@/components/ui/form-errors";
import { expectedCompletion, type ObservedCompletion } from "@/lib/glacier/completion-time";
import { fieldLabel } from "@/lib/glacier/field-labels";
import { formatBytes } from "@/lib/glacier/format";
import { TIERS } from "@/lib/glacier/job-types";
import { estimateJobCost, formatUsd, type PricingTable } from "@/lib/glacier/pricing";

/**
 * Expedited / Standard / Bulk as radio cards, each with its expected completion (this connection's
 * history when it has some, with AWS's typical range beside it) and its price for `bytes`.
 */
export function TierPicker({
  registration,
  value,
  error,
  jobType,
  bytes,
  pricing,
  observed = [],
}: {
  registration: UseFormRegisterReturn;
  value: string;
  error: string | undefined;
  jobType: "archive-retrieval" | "select";
  /** Bytes retrieved (archive) or scanned (select); null when unknown. */
  bytes: number | null;
  pricing: PricingTable;
  /** This connection's observed completion times (completion-time.ts). */
  observed?: readonly ObservedCompletion[];
}) {
  const id = useId();
  return (
    <fieldset aria-describedby={error ? `${id}-error` : undefined} aria-invalid={Boolean(error)}>
      <legend className="mb-2 text-sm font-medium text-slate-800">{fieldLabel("Tier")}</legend>
      <div className="grid gap-3 md:grid-cols-3">
        {TIERS.map((tier) => {
          const prices = pricing.tiers[tier];
          const perGb = jobType === "select" ? prices.selectScannedPerGb : prices.retrievalPerGb;
          const perRequest = jobType === "select" ? prices.selectPerRequest : prices.perRequest;
          const estimate = estimateJobCost(
            { jobType, tier, retrievedBytes: bytes, scannedBytes: bytes },
            pricing,
          );
          return (
            <label
              key={tier}
              className={cn(
                "flex cursor-pointer flex-col gap-1 rounded-lg border p-3 text-sm has-focus-visible:ring-2 has-focus-visible:ring-ice-500",
                value === tier
                  ? "border-ice-600 bg-ice-50"
                  : "border-slate-200 bg-white hover:border-ice-300",
              )}
            >
              <span className="flex items-center gap-2 font-semibold text-slate-900">
                <input type="radio" value={tier} {...registration} className="accent-ice-700" />
                {tier}
              </span>
              <TierWindow
                typical={prices.window.text}
                expected={expectedCompletion(prices.window, observed, jobType, tier)}
              />
              <span className="text-slate-600">
                {formatUsd(perGb.usd)} per GB{jobType === "select" ? " scanned" : ""} +{" "}
                {formatUsd(perRequest.usd)} per request
              </span>
              <span className="text-slate-600">
                {estimate.totalUsd !== null && bytes !== null
                  ? `≈ ${formatUsd(estimate.totalUsd)} for ${formatBytes(bytes)}`
                  : "Size unknown"}
              </span>
              {(perGb.status === "estimate" || perRequest.status === "estimate") && (
                <span>
                  <Badge tone="warning">estimate</Badge>
                </span>
              )}
            </label>
          );
        })}
      </div>
      <FieldError id={`${id}-error`} error={error} className="mt-1" />
    </fieldset>
  );
}

/** What of a job wizard's form the tier picker reads: its `Tier` member. */
export type TierForm = {
  register: (name: "Tier") => UseFormRegisterReturn;
  errors: FieldErrors;
  values: { Tier?: string };
};

/** The TierPicker bound to the `Tier` member of the archive and select wizards' forms. */
export function WizardTierPicker({
  wizard,
  ...rest
}: { wizard: TierForm } & Pick<
  Parameters<typeof TierPicker>[0],
  "jobType" | "bytes" | "pricing" | "observed"
>) {
  return (
    <TierPicker
      registration={wizard.register("Tier")}
      value={wizard.values.Tier ?? ""}
      error={errorAt(wizard.errors, "Tier")}
      {...rest}
    />
  );
}

/** The tier's expected completion; AWS's typical range follows when the connection's history set it. */
function TierWindow({ typical, expected }: { typical: string; expected: { text: string } }) {
  if (expected.text === typical) return <span className="text-slate-700">{typical}</span>;
  return (
    <span className="text-slate-700">
      {expected.text} here <span className="text-xs text-slate-500">(AWS: {typical})</span>
    </span>
  );
}
