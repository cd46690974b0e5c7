"use client";

import { Button } from "@/components/ui/button";
import type { TaskProgress } from "@/lib/jobs";
import { TaskProgressView, TaskStartProblem } from "./task-progress";
import { useStartJobTask } from "./use-start-job-task";

/** On a `<vault>_mapping` archive retrieval: imports the Synology mapping database's names for the data vault. */
export function SynologyImport({
  jobId,
  dataVault,
  tasks: initial,
}: {
  jobId: string;
  dataVault: string;
  tasks: TaskProgress[];
}) {
  const { task, problem, start } = useStartJobTask(jobId, "synology-import", initial);
  return (
    <div className="space-y-2 rounded-md border border-slate-200 p-3">
      <p className="text-sm text-slate-700">
        This archive comes from a Synology mapping vault: it names the archives of{" "}
        <span className="font-medium">{dataVault}</span>.
      </p>
      <Button onClick={() => void start()} disabled={task?.state === "running"}>
        Import Synology names
      </Button>
      <TaskStartProblem problem={problem} />
      {task && <TaskProgressView task={task} />}
    </div>
  );
}
