import { redirect } from "next/navigation";
import { beginOidcSignIn } from "@/lib/auth/oidc";
import { safeNextPath } from "@/lib/auth/schemas";
import { loadSignInSearchParams } from "@/lib/auth/search-params";
import { getConfig } from "@/lib/config";
import { log } from "@/lib/log";
import { savePending } from "./pending-cookie";

export const dynamic = "force-dynamic";

/** Starts SSO: remembers state, nonce and the PKCE verifier, then sends the browser to the provider. */
export async function GET(request: Request) {
  const oidc = getConfig().auth.oidc;
  if (!oidc) return new Response("Not found", { status: 404 });
  const next = safeNextPath(loadSignInSearchParams(request).next);
  let url: URL;
  try {
    const begun = await beginOidcSignIn(oidc, next);
    await savePending(begun.pending);
    url = begun.url;
  } catch (error) {
    log().error(
      { err: error instanceof Error ? error.message : String(error) },
      "SSO sign-in could not start",
    );
    redirect("/sign-in?error=sso");
  }
  redirect(url.toString());
}
