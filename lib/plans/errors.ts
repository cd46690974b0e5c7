import "server-only";

/** A plan refused before anything starts; `field` names the form field to show it on (dot path). */
export class PlanValidationError extends Error {
  constructor(
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = "PlanValidationError";
  }
}

export class PlanNotFoundError extends Error {
  constructor(readonly planId: string) {
    super(`No plan ${planId} exists.`);
    this.name = "PlanNotFoundError";
  }
}

/** The action does not fit the plan's state (e.g. resuming a cancelled plan, a stale delete confirmation). */
export class PlanStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanStateError";
  }
}
