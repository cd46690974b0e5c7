/**
 * The one base of Thaw's domain errors: a refusal or failure whose message is written for the person at
 * the screen, in its words. `field` names the form field it belongs to (a dot path such as
 * "credentials.secretAccessKey"), `status` the HTTP status a route handler answers with.
 *
 * It is mapped once to an action result (lib/auth/validated-action.ts) and once to an HTTP problem
 * (lib/http/route-helpers.ts); every other error is logged there and replaced by a generic sentence.
 *
 * Why here, at the root of lib/ and importing nothing: the services (plans, connections, jobs,
 * inventory) throw it and lib/auth and lib/http catch it, while lib/auth's own modules import services'
 * data (users, audit). A module with no imports can sit under all of them without a cycle, and it is
 * not `server-only`, so a service's error module may be read by code on either side.
 */

export type DomainErrorOptions = {
  /** The form field (dot path) to show the message on; none: the form's top message. */
  field?: string | undefined;
  /** The HTTP status a route handler answers with (400 when not given). */
  status?: number | undefined;
};

export class DomainError extends Error {
  readonly field: string | undefined;
  readonly status: number | undefined;

  constructor(message: string, options: DomainErrorOptions = {}) {
    super(message);
    this.name = "DomainError";
    this.field = options.field;
    this.status = options.status;
  }
}
