import { Card, FactList } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { formatCount, formatUtc } from "@/lib/glacier/format";
import { formatWait, taskLabel } from "./task-labels";

/** The queue as lib/tasks' queueHealth() reports it (plain props). */
export type QueueOverviewProps = {
  kind: string;
  oldestWaitingSeconds: number | null;
  failedLastHour: number;
  perTask: Record<string, { waiting: number; active: number; failed: number }>;
  workers: { id: string; host: string; lastSeen: string }[];
};

/** Settings → Tasks: who works the queue, and what it holds per kind of task. */
export function QueueOverview({
  kind,
  oldestWaitingSeconds,
  failedLastHour,
  perTask,
  workers,
}: QueueOverviewProps) {
  return (
    <div className="space-y-6">
      <Card title="Queue">
        <FactList
          facts={[
            ["Runs on", kind],
            ["Oldest task waiting", formatWait(oldestWaitingSeconds)],
            ["Failed in the last hour", formatCount(failedLastHour)],
          ]}
        />
      </Card>
      <section aria-labelledby="workers-heading" className="space-y-2">
        <h2 id="workers-heading" className="text-sm font-semibold text-slate-800">
          Workers seen in the last 5 minutes
        </h2>
        {workers.length === 0 ? (
          <p className="text-sm text-slate-600">
            None. With THAW_WORKER=external, tasks run only when the drain route is called.
          </p>
        ) : (
          <DataTable label="Workers" size="sm" columns={["Worker", "Last seen"]}>
            {workers.map((worker) => (
              <tr key={worker.id}>
                <td className="px-3 py-2">{worker.host}</td>
                <td className="px-3 py-2">{formatUtc(worker.lastSeen)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
      <section aria-labelledby="tasks-heading" className="space-y-2">
        <h2 id="tasks-heading" className="text-sm font-semibold text-slate-800">
          Tasks
        </h2>
        <DataTable
          label="Tasks by kind"
          size="sm"
          columns={[
            "Task",
            { label: "Waiting", numeric: true },
            { label: "Running", numeric: true },
            { label: "Parked", numeric: true },
          ]}
        >
          {Object.entries(perTask).map(([name, counts]) => (
            <tr key={name}>
              <th scope="row" className="px-3 py-2 font-normal">
                {taskLabel(name)} <span className="text-xs text-slate-500">({name})</span>
              </th>
              <td className="px-3 py-2 text-right tabular-nums">{formatCount(counts.waiting)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatCount(counts.active)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatCount(counts.failed)}</td>
            </tr>
          ))}
        </DataTable>
      </section>
    </div>
  );
}
