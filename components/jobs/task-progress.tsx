import { formatBytes, formatCount } from "@/lib/glacier/format";
import type { TaskProgress } from "@/lib/jobs";
import { etaSeconds, formatEta } from "./job-format";

const TITLES: Record<TaskProgress["kind"], string> = {
  verify: "Verification",
  download: "Download",
  "inventory-import": "Inventory import",
  "synology-import": "Synology mapping import",
};

/** Bytes, rate and ETA of a long task, with an accessible progress bar. */
export function TaskProgressView({ task }: { task: TaskProgress }) {
  const total = task.totalBytes;
  const percent = total && total > 0 ? Math.min(100, (task.bytes / total) * 100) : null;
  const label = `${TITLES[task.kind]} progress`;
  return (
    <div className="space-y-1 text-sm" aria-live="polite">
      <div className="flex flex-wrap justify-between gap-2 text-xs text-slate-600">
        <span>
          {TITLES[task.kind]}:{" "}
          {task.state === "running" ? "running" : task.state === "done" ? "finished" : "failed"}
        </span>
        <span className="tabular-nums">
          {formatBytes(task.bytes)}
          {total !== null && ` of ${formatBytes(total)}`}
          {task.items !== null && ` · ${formatCount(task.items)} archives`}
          {task.state === "running" &&
            task.rate !== null &&
            ` · ${formatBytes(task.rate)}/s · ETA ${formatEta(etaSeconds(task.bytes, total, task.rate))}`}
        </span>
      </div>
      <progress
        aria-label={label}
        className="h-2 w-full overflow-hidden rounded accent-ice-700"
        max={100}
        value={percent ?? undefined}
      />
      {task.message && (
        <p className={task.state === "failed" ? "text-sm text-red-700" : "text-xs text-slate-600"}>
          {task.message}
        </p>
      )}
    </div>
  );
}

/** Why the route refused to start a task (its message), announced; nothing while there is none. */
export function TaskStartProblem({ problem }: { problem: string | null }) {
  if (!problem) return null;
  return (
    <p role="alert" className="text-sm text-red-700">
      {problem}
    </p>
  );
}
