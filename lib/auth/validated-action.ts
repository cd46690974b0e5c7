import "server-only";
import { unstable_rethrow } from "next/navigation";
import { type z } from "zod";
import { DomainError } from "@/lib/errors";
import { log } from "@/lib/log";
import { type ActionResult, actionFailure } from "./action-result";
import { getCurrentUser, isActingAs, type SessionUser } from "./current-user";
import { hasRole, type Role } from "./roles";
import { clientAddress } from "./session-cookie";

/** zod issues → `{ "credentials.secretAccessKey": "message" }`, first message per field. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "_form";
    out[key] ??= issue.message;
  }
  return out;
}

export type ActionContext = { user: SessionUser; address: string | null };

/**
 * The one place a thrown error becomes an action result. Errors never reach the browser raw: a
 * DomainError keeps its message (on its form field, when it names one); anything else is logged and
 * replaced by a generic sentence.
 */
export function actionFailureOf(name: string, error: unknown): ActionResult<never> {
  if (error instanceof DomainError) {
    return actionFailure(error.message, error.field ? { [error.field]: error.message } : {});
  }
  log().error(
    {
      action: name,
      err: error instanceof Error ? { name: error.name, message: error.message } : String(error),
    },
    "action failed",
  );
  return actionFailure("Something went wrong on the server. The details are in the server log.");
}

async function guarded<T>(name: string, run: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    return await run();
  } catch (error) {
    unstable_rethrow(error); // redirect() and notFound() travel as exceptions
    return actionFailureOf(name, error);
  }
}

function parse<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; data: z.output<S> } | { ok: false; result: ActionResult<never> } {
  const parsed = schema.safeParse(input);
  return parsed.success
    ? { ok: true, data: parsed.data }
    : { ok: false, result: actionFailure("Some fields need attention.", fieldErrorsOf(parsed.error)) };
}

/**
 * The one wrapper every server action goes through (an action is a public POST endpoint, whatever the
 * UI shows): it checks the session and the role first, then parses the input again with the same zod
 * schema the form used, then runs the handler with the signed-in user.
 */
export function validatedAction<S extends z.ZodType, T>(
  name: string,
  access: { role: Role },
  schema: S,
  handler: (input: z.output<S>, context: ActionContext) => Promise<ActionResult<T>>,
): (input: unknown) => Promise<ActionResult<T>> {
  return (input: unknown) =>
    guarded(name, async () => {
      const user = await getCurrentUser();
      if (!user) return actionFailure("Your session has ended. Sign in again.");
      if (!hasRole(user.role, access.role)) {
        log().warn(
          { action: name, userId: user.id, role: user.role, required: access.role },
          "action refused: role",
        );
        return actionFailure(`Your role (${user.role}) does not allow this.`);
      }
      const parsed = parse(schema, input);
      if (!parsed.ok) return parsed.result;
      return handler(parsed.data, { user, address: isActingAs() ? null : await clientAddress() });
    });
}

/** For the few actions a signed-out person may call (sign-in): validation and error handling only. */
export function publicAction<S extends z.ZodType, T>(
  name: string,
  schema: S,
  handler: (input: z.output<S>, context: { address: string | null }) => Promise<ActionResult<T>>,
): (input: unknown) => Promise<ActionResult<T>> {
  return (input: unknown) =>
    guarded(name, async () => {
      const parsed = parse(schema, input);
      if (!parsed.ok) return parsed.result;
      return handler(parsed.data, { address: await clientAddress() });
    });
}
