import { costBasisText, costText, type JobCost } from "@/lib/glacier/job-cost";

/**
 * A job's estimated cost as every screen shows it (the wizard's review, the job page, the jobs list):
 * the one wording of lib/glacier/job-cost, with what it counts on hover or, `detailed`, beneath.
 */
export function JobCostFigure({ cost, detailed = false }: { cost: JobCost; detailed?: boolean }) {
  const basis = costBasisText(cost);
  return (
    <span className="inline-flex flex-col">
      {/* A figure never breaks ("≈ $0.01"); the words for a missing one may. */}
      <span
        data-testid="job-cost"
        title={basis}
        className={cost.usd === null ? undefined : "whitespace-nowrap"}
      >
        {costText(cost)}
      </span>
      {detailed && <span className="text-xs font-normal text-slate-500">{basis}</span>}
    </span>
  );
}
