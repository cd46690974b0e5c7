import "server-only";
import { recordAuditSafely } from "@/lib/audit";
import { type OidcConfig } from "@/lib/config";
import { log } from "@/lib/log";
import { completeOidcSignIn, type OidcPending, userForIdentity } from "./oidc";
import { safeNextPath } from "./schemas";
import { type SignInOptions, startSession } from "./sign-in";

/**
 * The provider's redirect back, as plain logic (the callback route only moves cookies): code exchange
 * with state, nonce, PKCE and issuer checked, the user found/linked/created, a session started. Every
 * refusal is audited; the reason goes to the server log, never to the browser.
 */

export type OidcCallbackOutcome =
  { ok: true; token: string; expiresAt: Date; next: string } | { ok: false; error: "sso" | "sso-disabled" };

export async function finishOidcSignIn(
  oidc: OidcConfig,
  callbackQuery: string,
  pending: OidcPending | undefined,
  address: string | null,
  options: SignInOptions = {},
): Promise<OidcCallbackOutcome> {
  const db = options.db === undefined ? {} : { db: options.db };
  try {
    if (!pending) throw new Error("no pending SSO sign-in (cookie missing or expired)");
    // The provider redirected to the configured URL: rebuild it from that, not from Host headers.
    const callback = new URL(oidc.redirectUrl);
    callback.search = callbackQuery;
    const identity = await completeOidcSignIn(oidc, callback, pending);
    const user = await userForIdentity(identity, oidc.defaultRole, db);
    if (!user) {
      await recordAuditSafely(
        {
          action: "auth.sign-in",
          outcome: "denied",
          actor: null,
          target: identity.email ?? identity.subject,
          address,
          details: { method: "oidc", reason: "account disabled" },
        },
        db,
      );
      return { ok: false, error: "sso-disabled" };
    }
    const session = await startSession(user, address, "oidc", options);
    return { ok: true, token: session.token, expiresAt: session.expiresAt, next: safeNextPath(pending.next) };
  } catch (error) {
    log().warn({ err: error instanceof Error ? error.message : String(error) }, "SSO sign-in failed");
    await recordAuditSafely(
      { action: "auth.sign-in", outcome: "failure", actor: null, address, details: { method: "oidc" } },
      db,
    );
    return { ok: false, error: "sso" };
  }
}
