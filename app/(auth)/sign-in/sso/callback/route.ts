import { redirect } from "next/navigation";
import { completeOidcSignIn, userForIdentity } from "@/lib/auth/oidc";
import { safeNextPath } from "@/lib/auth/schemas";
import { clientAddress, writeSessionCookie } from "@/lib/auth/session-cookie";
import { startSession } from "@/lib/auth/sign-in";
import { recordAuditSafely } from "@/lib/audit/record";
import { getConfig } from "@/lib/config";
import { log } from "@/lib/log";
import { takePending } from "../pending-cookie";

export const dynamic = "force-dynamic";

/** The provider's redirect back: code exchange, user lookup, session. Any failure → the sign-in page. */
export async function GET(request: Request) {
  const oidc = getConfig().auth.oidc;
  if (!oidc) return new Response("Not found", { status: 404 });
  const pending = await takePending();
  const address = await clientAddress();
  let target = "/sign-in?error=sso";
  try {
    if (!pending) throw new Error("no pending SSO sign-in (cookie missing or expired)");
    // The provider redirected to the configured URL: rebuild it from that, not from Host headers.
    const callback = new URL(oidc.redirectUrl);
    callback.search = new URL(request.url).search;
    const identity = await completeOidcSignIn(oidc, callback, pending);
    const user = await userForIdentity(identity, oidc.defaultRole);
    if (!user) {
      await recordAuditSafely({ action: "auth.sign-in", outcome: "denied", actor: null, target: identity.email ?? identity.subject, address, details: { method: "oidc", reason: "account disabled" } });
      target = "/sign-in?error=sso-disabled";
    } else {
      const session = await startSession(user, address, "oidc");
      await writeSessionCookie(session.token, session.expiresAt);
      target = safeNextPath(pending.next);
    }
  } catch (error) {
    log().warn({ err: error instanceof Error ? error.message : String(error) }, "SSO sign-in failed");
    await recordAuditSafely({ action: "auth.sign-in", outcome: "failure", actor: null, address, details: { method: "oidc" } });
  }
  redirect(target);
}
