import type { TaskProgress } from "@/lib/jobs";

/**
 * Which of two snapshots of a task to show. The POST that starts a task answers with its first
 * (running) snapshot, but a quick task may already have finished and said so on the progress feed:
 * the late answer must not turn a finished task back into a running one. A later run (startedAt)
 * always wins; within one run a finished state beats a running one, and more bytes beat fewer.
 */
export function laterTaskSnapshot(current: TaskProgress | undefined, incoming: TaskProgress): TaskProgress {
  if (!current || current.startedAt !== incoming.startedAt) {
    return !current || incoming.startedAt > current.startedAt ? incoming : current;
  }
  if (incoming.state !== "running") return incoming;
  if (current.state !== "running") return current;
  return incoming.bytes >= current.bytes ? incoming : current;
}
