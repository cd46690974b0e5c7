import { formatBytes, formatCount } from "@/lib/glacier/format";
import { formatUsd } from "@/lib/glacier/pricing";
import { Figure } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { ITEM_STATE_BARS, ITEM_STATE_LABELS, ITEM_STATES, type ItemState } from "./plan-format";

export type PlanProgressData = {
  counts: Record<ItemState, number>;
  bytes: { total: number; copied: number; verified: number };
  spentUsd: number;
  projectedUsd: number;
  capUsd: number;
};

/** Archives per state as one stacked bar with a legend, then bytes and spend against the cap. */
export function PlanProgress({ data, compact = false }: { data: PlanProgressData; compact?: boolean }) {
  const total = ITEM_STATES.reduce((n, s) => n + data.counts[s], 0);
  const settled = data.counts.verified + data.counts.deleted + data.counts.failed;
  const bar = (
    <div
      role="progressbar"
      aria-label="Archives settled"
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={settled}
      aria-valuetext={`${formatCount(settled)} of ${formatCount(total)} archives verified, deleted or failed`}
      className="flex h-3 w-full overflow-hidden rounded-full bg-slate-100"
    >
      {ITEM_STATES.map((s) =>
        data.counts[s] > 0 ? (
          <span
            key={s}
            className={cn("h-full", ITEM_STATE_BARS[s])}
            style={{ width: `${(100 * data.counts[s]) / Math.max(1, total)}%` }}
          />
        ) : null,
      )}
    </div>
  );
  if (compact) return bar;
  return (
    <div className="space-y-4">
      {bar}
      <dl aria-label="Archives by state" className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7">
        {ITEM_STATES.map((s) => (
          <div key={s} className="flex items-start gap-2">
            <span aria-hidden className={cn("mt-1 size-2.5 shrink-0 rounded-full", ITEM_STATE_BARS[s])} />
            <Figure label={ITEM_STATE_LABELS[s]} value={formatCount(data.counts[s])} large />
          </div>
        ))}
      </dl>
      <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
        <Figure
          label="Bytes verified"
          value={`${formatBytes(data.bytes.verified)} of ${formatBytes(data.bytes.total)}`}
        />
        <Figure label="Bytes copied" value={formatBytes(data.bytes.copied)} />
        <Figure
          label="Spent so far (estimated)"
          value={`${formatUsd(data.spentUsd)} of ${formatUsd(data.capUsd)} cap`}
        />
        <Figure label="Projected total" value={formatUsd(data.projectedUsd)} />
      </dl>
    </div>
  );
}
