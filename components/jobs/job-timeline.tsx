import { formatUtc } from "@/lib/glacier/format";
import type { TimelineEvent } from "@/lib/jobs";
import { cn } from "@/components/ui/cn";

const LABELS: Record<TimelineEvent["kind"], string> = {
  initiated: "Initiated",
  imported: "Initiated (outside Thaw)",
  completed: "Completed",
  failed: "Failed",
  downloaded: "Output downloaded",
  verified: "Verified",
  mismatch: "Tree-hash mismatch",
  expires: "Output expires",
  expired: "Output expired",
};

const DOTS: Record<TimelineEvent["kind"], string> = {
  initiated: "bg-ice-600",
  imported: "bg-ice-600",
  completed: "bg-emerald-600",
  failed: "bg-red-600",
  downloaded: "bg-emerald-600",
  verified: "bg-emerald-600",
  mismatch: "bg-red-600",
  expires: "bg-slate-300",
  expired: "bg-slate-500",
};

/** Initiated → completed or failed → output downloaded / verified → expired. */
export function JobTimeline({ events }: { events: TimelineEvent[] }) {
  return (
    <ol aria-label="Timeline" className="space-y-3">
      {events.map((e, i) => (
        <li key={`${e.kind}-${i}`} className="flex gap-3 text-sm">
          <span aria-hidden className={cn("mt-1.5 size-2.5 shrink-0 rounded-full", DOTS[e.kind])} />
          <div>
            <p className="font-medium text-slate-900">{LABELS[e.kind]}</p>
            <p className="text-xs text-slate-500">{formatUtc(e.at)}</p>
            {e.detail && <p className="text-xs text-slate-600">{e.detail}</p>}
          </div>
        </li>
      ))}
    </ol>
  );
}
