import { redirect } from "next/navigation";
import { finishOidcSignIn } from "@/lib/auth/oidc-sign-in";
import { clientAddress, writeSessionCookie } from "@/lib/auth/session-cookie";
import { getConfig } from "@/lib/config";
import { takePending } from "../pending-cookie";

export const dynamic = "force-dynamic";

/** The provider's redirect back: the sign-in itself is lib/auth/oidc-sign-in; any failure → the sign-in page. */
export async function GET(request: Request) {
  const oidc = getConfig().auth.oidc;
  if (!oidc) return new Response("Not found", { status: 404 });
  const outcome = await finishOidcSignIn(
    oidc,
    new URL(request.url).search,
    await takePending(),
    await clientAddress(),
  );
  if (!outcome.ok) redirect(`/sign-in?error=${outcome.error}`);
  await writeSessionCookie(outcome.token, outcome.expiresAt);
  redirect(outcome.next);
}
