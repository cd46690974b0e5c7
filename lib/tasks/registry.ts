import "server-only";
import { type TaskDefinition, type TaskName } from "./types";

/**
 * The task definitions of this process. Every process registers the same ones at startup, so whichever
 * process takes a task (a replica, a drain) runs the one implementation of its work.
 */
export type AnyTaskDefinition = TaskDefinition<unknown>;

// On globalThis so Next's dev-mode module reloading does not lose what startup registered.
const slot = globalThis as { __thawTasks?: Map<TaskName, AnyTaskDefinition> | undefined };

function registry(): Map<TaskName, AnyTaskDefinition> {
  slot.__thawTasks ??= new Map();
  return slot.__thawTasks;
}

export function defineTask<P>(definition: TaskDefinition<P>): void {
  if (definition.heartbeatSeconds !== undefined && definition.heartbeatSeconds >= definition.expireInSeconds)
    throw new Error(`task ${definition.name}: heartbeatSeconds must be below expireInSeconds`);
  registry().set(definition.name, definition);
}

export function taskDefinition(name: TaskName): AnyTaskDefinition | undefined {
  return registry().get(name);
}

export function definedTasks(): AnyTaskDefinition[] {
  return [...registry().values()];
}

/** Tests: forget every definition (each test registers what it needs). */
export function clearTaskDefinitions(): void {
  registry().clear();
}
