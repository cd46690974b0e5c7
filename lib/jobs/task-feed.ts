import "server-only";
import { dbOf, type DbOptions } from "@/lib/db";
import { log } from "@/lib/log";
import { storedTasksOfJob } from "./output-progress";
import { subscribeTask, taskKey, type TaskKind, tasksOfJob } from "./tasks";
import { type TaskProgress } from "./view-types";

/** The kinds that run in the process serving the request (a download is that request's own stream). */
const IN_PROCESS: TaskKind[] = ["verify", "download", "synology-import"];
/** How often the feed reads the stored progress of queued tasks (any replica may be running them). */
export const STORED_READ_MS = 1_000;

/**
 * The progress feed of one job's long tasks: this process's in-memory ones as they change, and the
 * stored ones (queued tasks, run by any replica) read every STORED_READ_MS. Returns the cleanup.
 */
export function startTaskFeed(
  jobRecordId: string,
  send: (task: TaskProgress) => void,
  options: DbOptions = {},
): () => void {
  const db = dbOf(options);
  const warn = (error: unknown) =>
    log().warn(
      { jobRecordId, detail: error instanceof Error ? error.message : String(error) },
      "task feed read failed",
    );
  for (const task of tasksOfJob(jobRecordId)) send(task);
  const leave = IN_PROCESS.map((kind) => subscribeTask(taskKey(jobRecordId, kind), send));
  // Each read from its start less a second: a write stamped before a read may commit after it.
  const readFrom = () => new Date(Date.now() - STORED_READ_MS).toISOString();
  let since = readFrom();
  let busy = true;
  const settle = (read: Promise<TaskProgress[]>, next: string) =>
    read
      .then((tasks) => {
        since = next;
        tasks.forEach(send);
      })
      .catch(warn)
      .finally(() => {
        busy = false;
      });
  void settle(
    db.then((d) => storedTasksOfJob(d, jobRecordId)),
    since,
  );
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    const next = readFrom();
    void settle(
      db.then((d) => storedTasksOfJob(d, jobRecordId, since)),
      next,
    );
  }, STORED_READ_MS);
  return () => {
    clearInterval(timer);
    leave.forEach((l) => l());
  };
}
