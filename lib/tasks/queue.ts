import "server-only";
import { type Kysely } from "kysely";
import { type Database } from "@/lib/db";
import { type AnyTaskDefinition } from "./registry";
import { type EnqueueOptions, type ParkedTask, type QueueHealth, type TaskName } from "./types";

/** A task one worker has taken and must settle (complete, fail or release). */
export type ClaimedTask = {
  id: string;
  name: TaskName;
  payload: unknown;
  /** 1 for the first run … */
  attempt: number;
  /** When this worker took it (the clock's milliseconds). */
  claimedAt: number;
  definition: AnyTaskDefinition;
};

/**
 * What a runner needs of a queue: the in-process queue (Thaw's own `tasks` table) and pg-boss both
 * provide it, so the drain and the handlers are the same over either.
 */
export interface TaskQueue {
  readonly kind: "in-process" | "pg-boss";
  enqueue(name: TaskName, payload: unknown, options?: EnqueueOptions, trx?: Kysely<Database>): Promise<void>;
  /** Takes one task that may run now (any defined name), or undefined when there is none. */
  claim(worker: string): Promise<ClaimedTask | undefined>;
  /** Keeps the claim alive; false when it is gone (taken back), so the run should stop. */
  heartbeat(task: ClaimedTask, worker: string): Promise<boolean>;
  complete(task: ClaimedTask, worker: string): Promise<void>;
  /** A failed run: retried after a backoff, or parked once its retries are spent. */
  fail(task: ClaimedTask, worker: string, error: string): Promise<void>;
  /** The run was stopped from outside (shutdown, the drain's budget): put it back, not a failure. */
  release(task: ClaimedTask, worker: string): Promise<void>;
  /** Housekeeping a drain does before it claims (pg-boss: take back tasks whose runner went silent). */
  maintain?(): Promise<void>;
  health(): Promise<Omit<QueueHealth, "workers">>;
  /** The processes that took work lately, where the queue records them (pg-boss); else only this one is known. */
  workers?(): Promise<QueueHealth["workers"]>;
  /** Lets go of the queue's own connections (pg-boss). */
  stop?(): Promise<void>;
  parked(filter: { groupId?: string }): Promise<ParkedTask[]>;
  retryParked(taskId: string): Promise<void>;
}

/** Seconds before retry `attempt` (1 after the first run): retryDelaySeconds doubled per retry, at most a day. */
export function retryDelaySeconds(definition: AnyTaskDefinition, attempt: number): number {
  return Math.min(86_400, definition.retryDelaySeconds * 2 ** Math.max(0, attempt - 1));
}

/** The error kept with a failed run: its message, bounded (a driver may put a whole response in one). */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}
