import "server-only";
import { DomainError } from "@/lib/errors";
import { log } from "@/lib/log";
import { routeParam } from "@/lib/route-param";

/**
 * What every route handler shares, whichever service it serves: problem answers as JSON, the one
 * mapping of a thrown error to an HTTP answer, and dynamic segments read the same way.
 */

/** The second argument Next hands a route handler of a dynamic segment such as `[jobId]`. */
export type RouteContext<Name extends string> = { params: Promise<Record<Name, string>> };

/** A dynamic segment of the route as text (see routeParam for the decoding). */
export async function routeParamOf<Name extends string>(
  context: RouteContext<Name>,
  name: Name,
): Promise<string> {
  return routeParam((await context.params)[name]);
}

/** A problem answer: `{ message }` with the status, never cached. */
export function jsonProblem(status: number, message: string): Response {
  return Response.json({ message }, { status, headers: { "Cache-Control": "no-store" } });
}

/**
 * The one place a thrown error becomes an HTTP answer: a DomainError with its status (400 when it has
 * none) and its message; anything else is logged and answered with a generic 500 that leaks nothing.
 */
export function routeFailure(
  error: unknown,
  what: string,
  unknownMessage = `The ${what} failed. See the server log.`,
): Response {
  if (error instanceof DomainError) return jsonProblem(error.status ?? 400, error.message);
  log().error({ detail: error instanceof Error ? error.message : String(error) }, `${what} failed`);
  return jsonProblem(500, unknownMessage);
}
