"use server";

import { redirect } from "next/navigation";
import { type ActionResult, actionFailure } from "@/lib/auth/action-result";
import { signInSchema, safeNextPath } from "@/lib/auth/schemas";
import { writeSessionCookie } from "@/lib/auth/session-cookie";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { publicAction } from "@/lib/auth/validated-action";

const signIn = publicAction(
  "signIn",
  signInSchema,
  async ({ email, password, next }, { address }): Promise<ActionResult> => {
    const outcome = await signInWithPassword({ email, password }, address);
    if (!outcome.ok) {
      return outcome.reason === "rate-limited"
        ? actionFailure(
            `Too many failed sign-ins. Try again in ${Math.ceil(outcome.retryAfterSeconds / 60)} min.`,
          )
        : actionFailure("Wrong email or password.");
    }
    await writeSessionCookie(outcome.token, outcome.expiresAt);
    redirect(safeNextPath(next));
  },
);

/** The sign-in form posts FormData (it works before JavaScript loads); anything else is refused. */
export async function signInAction(_previous: ActionResult | null, form: unknown): Promise<ActionResult> {
  if (!(form instanceof FormData)) return actionFailure("Some fields need attention.");
  const text = (key: string) => {
    const value = form.get(key);
    return typeof value === "string" ? value : undefined;
  };
  return signIn({ email: text("email"), password: text("password"), next: text("next") });
}
