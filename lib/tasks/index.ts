/**
 * The durable task queue (issue #14), server-only. Services define their tasks once (`defineTask`,
 * registered at startup); any process runs them: pg-boss schedules across replicas when DATABASE_URL
 * selects PostgreSQL, and on SQLite the same handlers run in process from Thaw's own `tasks` table
 * (migration 0012). Thaw's tables stay the record of truth; the queue only schedules.
 * Owns table: tasks.
 */
export { isDrainAuthorized } from "./drain-auth";
export { defineTask } from "./registry";
export {
  closeTaskQueue,
  drainTasks,
  enqueueTask,
  parkedTasks,
  queueHealth,
  retryParkedTask,
  startTaskWorkers,
  type DrainTasksOptions,
} from "./runtime";
export {
  TASK_NAMES,
  type Clock,
  type DrainResult,
  type EnqueueOptions,
  type ParkedTask,
  type QueueHealth,
  type TaskContext,
  type TaskDefinition,
  type TaskName,
  type TaskPolicy,
} from "./types";
