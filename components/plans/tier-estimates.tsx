"use client";

import { useId } from "react";
import { type UseFormRegisterReturn } from "react-hook-form";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { formatHours, type TierEstimate } from "@/lib/glacier/plan-form";
import { formatUsd, type PricingTable } from "@/lib/glacier/pricing";

/**
 * The three tiers side by side, each with the whole selection's cost and duration. With a
 * `registration` the cards are the tier's radio buttons; without, a read-only comparison (review).
 */
export function TierEstimates({
  estimates,
  chosen,
  capUsd,
  pricing,
  registration,
  error,
  assumptions,
}: {
  estimates: TierEstimate[];
  chosen: string | undefined;
  capUsd: number | null;
  pricing: PricingTable;
  registration?: UseFormRegisterReturn;
  error?: string | undefined;
  /** What the durations assume (jobs in flight, initiation rate, copies and their speed). */
  assumptions?: string | undefined;
}) {
  const id = useId();
  const unconfirmed = (tier: TierEstimate["tier"]) => {
    const prices = pricing.tiers[tier];
    return prices.perRequest.status === "estimate" || prices.retrievalPerGb.status === "estimate";
  };
  const cards = estimates.map((e) => {
    const overCap = capUsd !== null && Number.isFinite(capUsd) && e.costUsd > capUsd;
    const body = (
      <>
        <span className="flex items-center gap-2 font-semibold text-slate-900">
          {registration && <input type="radio" value={e.tier} {...registration} className="accent-ice-700" />}
          {e.tier}
        </span>
        <span className="text-lg font-semibold text-slate-900 tabular-nums">≈ {formatUsd(e.costUsd)}</span>
        <span className="text-slate-700">
          {formatHours(e.hours)} · {e.waves} wave{e.waves === 1 ? "" : "s"}
        </span>
        <span className="text-xs text-slate-500">
          {pricing.tiers[e.tier].window.text} per job · bound by {e.limitedBy}
        </span>
        <span className="flex flex-wrap gap-1">
          {overCap && <Badge tone="warning">over the cap</Badge>}
          {unconfirmed(e.tier) && <Badge tone="neutral">estimate</Badge>}
        </span>
      </>
    );
    const className = cn(
      "flex flex-col gap-1 rounded-lg border p-3 text-sm",
      chosen === e.tier ? "border-ice-600 bg-ice-50" : "border-slate-200 bg-white",
      registration &&
        "cursor-pointer hover:border-ice-300 has-focus-visible:ring-2 has-focus-visible:ring-ice-500",
    );
    return registration ? (
      <label key={e.tier} className={className}>
        {body}
      </label>
    ) : (
      <div key={e.tier} className={className} aria-label={`${e.tier} estimate`}>
        {body}
      </div>
    );
  });
  const grid = <div className="grid gap-3 md:grid-cols-3">{cards}</div>;
  if (!registration) return <section aria-label="Estimated cost and duration per tier">{grid}</section>;
  return (
    <fieldset aria-describedby={error ? `${id}-error` : undefined} aria-invalid={Boolean(error)}>
      <legend className="mb-2 text-sm font-medium text-slate-800">
        Tier (estimated cost and duration of the whole selection)
      </legend>
      {grid}
      {assumptions && <p className="mt-2 text-xs text-slate-600">{assumptions}</p>}
      <p id={`${id}-error`} aria-live="polite" className="mt-1 text-xs text-red-700 empty:hidden">
        {error}
      </p>
    </fieldset>
  );
}
