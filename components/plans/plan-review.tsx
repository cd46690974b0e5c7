import { FactList } from "@/components/ui/card";
import { formatBytes } from "@/lib/glacier/format";
import { type PlanFormInput, type PlanLimits, type TierEstimate } from "@/lib/glacier/plan-form";
import { type PricingTable } from "@/lib/glacier/pricing";
import { describeDestination, ORDER_LABELS } from "./plan-format";
import { TierEstimates } from "./tier-estimates";

/** The plan form's last step: every choice, the estimates side by side, and what creating it starts. */
export function PlanReview({
  values,
  archives,
  limits,
  estimates,
  pricing,
  warnings,
}: {
  values: PlanFormInput;
  /** "All 200 archives of the inventory · 6.30 MiB". */
  archives: string;
  limits: PlanLimits;
  estimates: TierEstimate[];
  pricing: PricingTable;
  warnings: string[];
}) {
  const destination = values.destination;
  return (
    <>
      <FactList
        facts={[
          ["Name", values.name],
          ["Archives", archives],
          ["Tier", values.tier],
          ["Spending cap", Number.isFinite(limits.capUsd) ? `$${limits.capUsd}` : "—"],
          ["Jobs in flight", String(values.maxInFlight)],
          ["Daily budget", limits.dailyByteBudget === null ? "None" : formatBytes(limits.dailyByteBudget)],
          [
            "Order",
            `${ORDER_LABELS[values.orderBy] ?? ""}${values.orderBy === "prefix" ? ` (${values.prefix ?? ""})` : ""}`,
          ],
          [
            "Destination",
            describeDestination(
              destination.kind === "directory"
                ? { kind: "directory", path: destination.path }
                : { ...destination, prefix: destination.prefix ?? "" },
            ),
          ],
        ]}
      />
      <h3 className="text-sm font-semibold text-slate-800">Estimated cost and duration per tier</h3>
      <TierEstimates estimates={estimates} chosen={values.tier} capUsd={limits.capUsd} pricing={pricing} />
      <Warnings warnings={warnings} />
      <p className="text-sm text-slate-600">
        Creating the plan starts it: Thaw checks the destination and the cap first, then requests up to{" "}
        {String(values.maxInFlight)} archives at once and copies each as its job completes. You can pause or
        cancel it at any time.
      </p>
    </>
  );
}

export function Warnings({ warnings }: { warnings: string[] }) {
  if (warnings.length === 0) return null;
  return (
    <ul
      aria-label="Warnings"
      className="list-disc space-y-1 rounded-md border border-amber-200 bg-amber-50 py-2 pr-3 pl-7 text-sm text-amber-900"
    >
      {warnings.map((w) => (
        <li key={w}>{w}</li>
      ))}
    </ul>
  );
}
