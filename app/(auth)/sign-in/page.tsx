import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
import { oidcEnabled } from "@/lib/auth/oidc";
import { safeNextPath } from "@/lib/auth/schemas";
import { loadSignInSearchParams, signInHref, type SIGN_IN_ERRORS } from "@/lib/auth/search-params";
import { signInAction } from "./actions";
import { SignInForm } from "./sign-in-form";

export const metadata = { title: "Sign in" };

const SSO_ERRORS: Record<(typeof SIGN_IN_ERRORS)[number], string> = {
  sso: "Single sign-on did not complete. Try again, or ask an admin.",
  "sso-disabled": "Your account is disabled. Ask an admin.",
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await loadSignInSearchParams(searchParams);
  const next = safeNextPath(params.next);
  if (await getCurrentUser()) redirect(next);
  const error = params.error ? SSO_ERRORS[params.error] : undefined;
  return (
    <div className="rounded-lg bg-white p-6 shadow-lg">
      <h1 className="mb-1 flex items-center gap-2 text-xl font-semibold text-slate-900">
        {/* eslint-disable-next-line @next/next/no-img-element -- a 24px static SVG needs no optimisation */}
        <img src="/favicon.svg" alt="" className="size-6" />
        Sign in to Thaw
      </h1>
      <p className="mb-5 text-sm text-slate-600">Glacier vault retrievals, composed and tracked.</p>
      {error && (
        <p role="alert" className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      )}
      <SignInForm action={signInAction} next={next} />
      {oidcEnabled() && (
        <a
          href={signInHref("/sign-in/sso", { next })}
          className="mt-4 block rounded-md border border-slate-300 px-3 py-1.5 text-center text-sm font-medium text-slate-800 hover:bg-slate-50"
        >
          Sign in with single sign-on
        </a>
      )}
    </div>
  );
}
