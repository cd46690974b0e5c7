"use client";

import { Button, buttonClass } from "@/components/ui/button";
import { formatBytes } from "@/lib/glacier/format";
import type { InventoryOutputView, TaskProgress } from "@/lib/jobs";
import { TaskProgressView, TaskStartProblem } from "./task-progress";
import { useRefreshOnOutcome } from "./use-job-tasks";
import { useStartJobTask } from "./use-start-job-task";

type Props = {
  jobId: string;
  output: InventoryOutputView;
  tasks: TaskProgress[];
  /** Operators and admins: the import and download routes refuse everyone else. */
  canOperate: boolean;
};

/** Only a finished import changes the page (the catalog appears); a failed one leaves it as it is. */
const importDone = (outcome: string) => outcome.startsWith("done");

/**
 * An inventory job's output before it is in the catalog: import it (streamed into the database in
 * the background; the page can be left and the import keeps going), or download the raw file.
 */
export function InventoryOutputPanel({ jobId, output, tasks: initial, canOperate }: Props) {
  const { task, problem, start } = useStartJobTask(jobId, "inventory-import", initial);
  useRefreshOnOutcome(task && task.state !== "running" ? `${task.state}:${task.result}` : "", importDone);

  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">
        The inventory ({formatBytes(output.size)}) is ready. Import it to browse, search and compare it with
        earlier inventories; nothing is kept if the import fails half-way.
      </p>
      {canOperate && (
        <div className="flex flex-wrap gap-2">
          <Button variant="primary" onClick={() => void start()} disabled={task?.state === "running"}>
            {task?.state === "failed" ? "Import inventory again" : "Import inventory"}
          </Button>
          <a href={output.href} download={output.fileName} className={buttonClass("secondary")}>
            Download raw inventory
          </a>
        </div>
      )}
      <TaskStartProblem problem={problem} />
      {task && <TaskProgressView task={task} />}
    </div>
  );
}
