import { JobCostFigure } from "@/components/jobs/job-cost";
import { Badge } from "@/components/ui/badge";
import { type PricedJob } from "@/lib/glacier/job-cost";
import { formatUsd } from "@/lib/glacier/pricing";

/**
 * An estimate as a small table: each line with its figure's source, the total (the job's one figure,
 * worded as everywhere else), the window and notes.
 */
export function CostEstimateView({ priced: { estimate, cost } }: { priced: PricedJob }) {
  return (
    <div className="space-y-2 text-sm">
      <table className="w-full text-left">
        <caption className="sr-only">Estimated cost</caption>
        <tbody className="divide-y divide-slate-100">
          {estimate.lines.map((line) => (
            <tr key={line.label}>
              <th scope="row" className="py-1 pr-4 font-normal text-slate-600">
                {line.label} <span className="text-slate-400">({line.quantity})</span>
              </th>
              <td className="py-1 pr-4 whitespace-nowrap tabular-nums">{formatUsd(line.usd)}</td>
              <td className="py-1 text-xs text-slate-500">
                {line.figure.status === "estimate" && <Badge tone="warning">estimate</Badge>}{" "}
                {line.figure.source}
                {line.figure.date && `, ${line.figure.date}`}
              </td>
            </tr>
          ))}
          <tr>
            <th scope="row" className="py-1 pr-4 font-semibold text-slate-800">
              Total
            </th>
            <td className="py-1 pr-4 font-semibold tabular-nums" data-testid="estimate-total" colSpan={2}>
              <JobCostFigure cost={cost} detailed />
            </td>
          </tr>
        </tbody>
      </table>
      <p className="text-slate-700">
        Completes in <strong>{estimate.window.text}</strong>{" "}
        <span className="text-xs text-slate-500">
          ({estimate.window.status === "estimate" && "estimate; "}
          {estimate.window.source}
          {estimate.window.date && `, ${estimate.window.date}`})
        </span>
        . Output stays available for 24 hours.
      </p>
      {estimate.notes.map((note) => (
        <p key={note} className="text-xs text-slate-500">
          {note}
        </p>
      ))}
      <p className="text-xs text-slate-500">Prices: {estimate.table}.</p>
    </div>
  );
}
