import "server-only";
import { cookies, headers } from "next/headers";
import { getConfig } from "@/lib/config";
import { addressFromHeaders } from "./client-address";
import { SESSION_COOKIE } from "./session-cookie-name";

/**
 * The session cookie: httpOnly (no script reads it), SameSite=Lax (sent on top-level navigation, not
 * on cross-site POSTs: server actions also check the Origin), Secure in production, and an expiry
 * equal to the session's.
 */

export { SESSION_COOKIE };

export async function readSessionToken(): Promise<string | undefined> {
  return (await cookies()).get(SESSION_COOKIE)?.value;
}

export async function writeSessionCookie(token: string, expiresAt: Date): Promise<void> {
  (await cookies()).set(SESSION_COOKIE, token, {
    httpOnly: true,
    secure: getConfig().auth.secureCookies,
    sameSite: "lax",
    path: "/",
    expires: expiresAt,
  });
}

export async function clearSessionCookie(): Promise<void> {
  (await cookies()).delete({ name: SESSION_COOKIE, path: "/" });
}

/** The client's address for rate limiting and the audit log (see client-address.ts for why it holds). */
export async function clientAddress(): Promise<string | null> {
  return addressFromHeaders(await headers(), getConfig().auth.trustProxy);
}
