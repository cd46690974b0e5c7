import "server-only";
import { DomainError } from "@/lib/errors";

/**
 * A plan refused before anything starts; `field` names the form field to show it on (dot path, as the
 * plan form and the limits form name it).
 */
export class PlanValidationError extends DomainError {
  constructor(message: string, field?: string) {
    super(message, { field });
    this.name = "PlanValidationError";
  }
}

export class PlanNotFoundError extends DomainError {
  constructor(readonly planId: string) {
    super(`No plan ${planId} exists.`, { status: 404 });
    this.name = "PlanNotFoundError";
  }
}

/** The action does not fit the plan's state (e.g. resuming a cancelled plan, a stale delete confirmation). */
export class PlanStateError extends DomainError {
  constructor(message: string) {
    super(message, { status: 409 });
    this.name = "PlanStateError";
  }
}

/** Throws when a lib/glacier rule names a problem; as a refusal, its sentence ends with a full stop. */
export function refuseProblem(problem: string | null, field: string): void {
  if (problem !== null) throw new PlanValidationError(`${problem}.`, field);
}
