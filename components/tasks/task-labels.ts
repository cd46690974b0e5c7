/** What each task does, in the screen's words (the names are lib/tasks' TaskName). */
export const TASK_LABELS: Record<string, string> = {
  "plan-initiate": "Start plan jobs",
  "copy-chunk": "Copy a chunk",
  "copy-finish": "Finish a copy",
  "plan-manifest": "Write a plan's manifest",
  "vault-sync": "Sync a connection's jobs",
  "inventory-import": "Import an inventory",
};

export const taskLabel = (name: string) => TASK_LABELS[name] ?? name;

/** `45 s`, `12 min`, `3 h 5 min`: how long the oldest task has waited. */
export function formatWait(seconds: number | null): string {
  if (seconds === null) return "none waiting";
  if (seconds < 90) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
