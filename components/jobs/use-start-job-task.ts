"use client";

import { useState } from "react";
import type { TaskProgress } from "@/lib/jobs";
import { startJobTask, useJobTasks } from "./use-job-tasks";

/** The background tasks a button starts with a plain POST to one of the job's routes. */
export type StartableTaskKind = Extract<TaskProgress["kind"], "inventory-import" | "synology-import">;

const ROUTES: Readonly<Record<StartableTaskKind, string>> = {
  "inventory-import": "inventory",
  "synology-import": "synology",
};

export type StartJobTask = {
  /** The task's latest progress (live from the feed), if it ever ran. */
  task: TaskProgress | undefined;
  /** Why the last start was refused (the route's message), cleared on the next start. */
  problem: string | null;
  start: () => Promise<void>;
};

/** One job task of `kind`: its live progress and a `start` that POSTs to the task's route. */
export function useStartJobTask(
  jobId: string,
  kind: StartableTaskKind,
  initial: TaskProgress[],
): StartJobTask {
  const [tasks, put] = useJobTasks(jobId, initial);
  const [problem, setProblem] = useState<string | null>(null);
  const start = async () => {
    setProblem(null);
    const started = await startJobTask(`/api/jobs/${encodeURIComponent(jobId)}/${ROUTES[kind]}`);
    if (started.ok) put(started.task);
    else setProblem(started.message);
  };
  return { task: tasks[kind], problem, start };
}
