import "server-only";
import { cookies, headers } from "next/headers";
import { getConfig } from "@/lib/config";
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

/**
 * The client's address for rate limiting. Next fills X-Forwarded-For from the socket only when the
 * request has none, so without a trusted proxy in front a client can name any address here: the
 * per-account limit is the one that cannot be dodged (README, THAW_TRUST_PROXY).
 */
export async function clientAddress(): Promise<string | null> {
  const forwarded = (await headers()).get("x-forwarded-for");
  if (!forwarded) return null;
  const parts = forwarded.split(",").map((p) => p.trim()).filter(Boolean);
  const chosen = getConfig().auth.trustProxy ? parts.at(-1) : parts[0];
  return chosen ? chosen.slice(0, 64) : null;
}
