"use client";

import { usePlanAction } from "@/components/plans/use-plan-action";
import { Button } from "@/components/ui/button";
import { type ActionResult } from "@/lib/auth/action-result";
import { formatUtc } from "@/lib/glacier/format";
import { taskLabel } from "./task-labels";

export type ParkedTaskView = { taskId: string; name: string; error: string; failedAt: string };

/**
 * Tasks that kept failing and were parked with their error (a plan's, or all on Settings → Tasks).
 * An operator retries one by hand once the cause is fixed; the task runs again from its start and,
 * being idempotent, redoes only what is not yet recorded as done.
 */
export function ParkedTasks({
  tasks,
  canRetry,
  retry,
}: {
  tasks: ParkedTaskView[];
  canRetry: boolean;
  retry: (input: { taskId: string }) => Promise<ActionResult<undefined>>;
}) {
  const { run, pending, error } = usePlanAction();
  if (tasks.length === 0) return null;
  return (
    <section aria-labelledby="parked-tasks-heading" className="space-y-2">
      <h2 id="parked-tasks-heading" className="text-sm font-semibold text-slate-800">
        Tasks that stopped after repeated failures
      </h2>
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm">
        {tasks.map((task) => {
          const errorId = `parked-${task.taskId}-error`;
          return (
            <li key={task.taskId} className="flex flex-wrap items-start justify-between gap-3 px-3 py-2">
              <div className="min-w-0">
                <p className="font-medium text-slate-800">
                  {taskLabel(task.name)}{" "}
                  <span className="font-normal text-slate-500">(failed {formatUtc(task.failedAt)})</span>
                </p>
                <p id={errorId} className="break-words text-slate-700">
                  {task.error || "No error was recorded."}
                </p>
              </div>
              {canRetry && (
                <Button
                  aria-describedby={errorId}
                  disabled={pending}
                  onClick={() => void run(() => retry({ taskId: task.taskId }))}
                >
                  Retry
                </Button>
              )}
            </li>
          );
        })}
      </ul>
      <p role="status" aria-live="polite" className="text-sm text-red-700">
        {error}
      </p>
    </section>
  );
}
