import "server-only";
import { unstable_rethrow } from "next/navigation";
import { type z } from "zod";
import { log } from "@/lib/log";
import { type ActionResult, actionFailure } from "./action-result";

/** zod issues → `{ "credentials.secretAccessKey": "message" }`, first message per field. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "_form";
    out[key] ??= issue.message;
  }
  return out;
}

/** An error whose message is written for the user (the rest are logged and replaced by a generic sentence). */
export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "UserFacingError";
  }
}

/**
 * The one wrapper every server action goes through: the client is never trusted, so the input is parsed
 * again with the same zod schema the form used. (Sign-in and roles join here with the security issue.)
 * Errors never reach the browser raw: a UserFacingError keeps its message, anything else is logged.
 */
export function validatedAction<S extends z.ZodType, T>(
  name: string,
  schema: S,
  handler: (input: z.output<S>) => Promise<ActionResult<T>>,
): (input: unknown) => Promise<ActionResult<T>> {
  return async (input: unknown) => {
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      return actionFailure("Some fields need attention.", fieldErrorsOf(parsed.error));
    }
    try {
      return await handler(parsed.data);
    } catch (error) {
      unstable_rethrow(error); // redirect() and notFound() travel as exceptions
      if (error instanceof UserFacingError) {
        return actionFailure(error.message, error.field ? { [error.field]: error.message } : {});
      }
      log().error({ action: name, err: error instanceof Error ? { name: error.name, message: error.message } : String(error) }, "action failed");
      return actionFailure("Something went wrong on the server. The details are in the server log.");
    }
  };
}
