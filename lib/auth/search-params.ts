import { createLoader, createSerializer, parseAsString, parseAsStringLiteral } from "nuqs/server";

/** Why single sign-on sent the browser back to the sign-in page. */
export const SIGN_IN_ERRORS = ["sso", "sso-disabled"] as const;

/**
 * `/sign-in?next=&error=` and `/sign-in/sso?next=`: where to go after signing in (checked by
 * `safeNextPath` before use) and why SSO failed.
 */
export const signInSearchParams = {
  next: parseAsString,
  error: parseAsStringLiteral(SIGN_IN_ERRORS),
};

export const loadSignInSearchParams = createLoader(signInSearchParams);
export const signInHref = createSerializer(signInSearchParams);
