"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { TaskProgress } from "@/lib/jobs";
import { laterTaskSnapshot } from "./task-order";

export type TasksByKind = Partial<Record<TaskProgress["kind"], TaskProgress>>;

/** The feed and a start's answer race: keep whichever snapshot is later (a quick task finishes first). */
function withSnapshot(current: TasksByKind, task: TaskProgress): TasksByKind {
  return { ...current, [task.kind]: laterTaskSnapshot(current[task.kind], task) };
}

/** The job's long tasks, live from the progress feed, starting from the server-rendered snapshot. */
export function useJobTasks(
  jobId: string,
  initial: TaskProgress[],
): [TasksByKind, (t: TaskProgress) => void] {
  const [tasks, setTasks] = useState<TasksByKind>(() => Object.fromEntries(initial.map((t) => [t.kind, t])));
  useEffect(() => {
    const source = new EventSource(`/api/jobs/${encodeURIComponent(jobId)}/progress`);
    source.addEventListener("task", (event) => {
      const task = JSON.parse((event as MessageEvent<string>).data) as TaskProgress;
      setTasks((current) => withSnapshot(current, task));
    });
    return () => source.close();
  }, [jobId]);
  const put = (task: TaskProgress) => setTasks((current) => withSnapshot(current, task));
  return [tasks, put];
}

/** Starts a task with a POST to one of the job's routes; the answer (202) is its first progress. */
export async function startJobTask(
  url: string,
): Promise<{ ok: true; task: TaskProgress } | { ok: false; message: string }> {
  try {
    const response = await fetch(url, { method: "POST" });
    const body = (await response.json()) as TaskProgress | { message: string };
    if (response.ok && "kind" in body) return { ok: true, task: body };
    return { ok: false, message: body.message ?? `Thaw answered HTTP ${response.status}.` };
  } catch {
    return { ok: false, message: "Thaw could not be reached. Check the network and try again." };
  }
}

const anyOutcome = () => true;

/**
 * Re-reads the server-rendered page when `outcome` (what the tasks have finished with) changes from
 * the one it rendered with and `refreshFor` accepts it: a finished task changed the job's record.
 */
export function useRefreshOnOutcome(outcome: string, refreshFor: (outcome: string) => boolean = anyOutcome) {
  const router = useRouter();
  const seen = useRef(outcome);
  useEffect(() => {
    if (outcome === seen.current) return;
    seen.current = outcome;
    if (refreshFor(outcome)) router.refresh();
  }, [outcome, router, refreshFor]);
}
