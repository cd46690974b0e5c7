import { type NextRequest, NextResponse } from "next/server";
import { checkActionForm, checkActionText } from "@/lib/auth/action-body";
import { separateForwardedFor } from "@/lib/auth/client-address";
import { readBodyLimited } from "@/lib/auth/read-body";
import { checkPath } from "@/lib/auth/request-shape";
import { bodyLimitFor, isPublicPath, newNonce, securityHeaders } from "@/lib/auth/security-headers";
import { SESSION_COOKIE } from "@/lib/auth/session-cookie-name";

/**
 * Runs before every page and route: security headers with a fresh CSP nonce, oversized bodies refused,
 * and signed-out page requests sent to the sign-in page. That redirect is a convenience only: pages,
 * actions and route handlers each check the session and role themselves.
 */

// Next inlines NODE_ENV at build time; lib/config cannot be imported here (it is server-only).
// eslint-disable-next-line no-restricted-properties
const production = process.env.NODE_ENV === "production";

function tooLarge(request: NextRequest): boolean {
  const length = request.headers.get("content-length");
  if (length === null) return false;
  const bytes = Number(length);
  return !Number.isFinite(bytes) || bytes > bodyLimitFor(request.nextUrl.pathname);
}

/** Server-action bodies Next would fail on with a 500 (see lib/auth/action-body.ts); a copy is read. */
async function badActionBody(request: NextRequest): Promise<boolean> {
  if (request.method !== "POST" || !request.headers.has("next-action")) return false;
  const type = request.headers.get("content-type") ?? "";
  const copy = request.clone();
  if (type.startsWith("multipart/form-data")) {
    const form = await copy.formData().catch(() => undefined);
    return !form || !checkActionForm(form).ok;
  }
  if (!type.startsWith("text/plain") && type !== "") return true;
  const text = await readBodyLimited(copy, bodyLimitFor(request.nextUrl.pathname));
  return text === undefined || !checkActionText(text).ok;
}

function withHeaders(response: NextResponse, headers: Record<string, string>): NextResponse {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export async function proxy(request: NextRequest) {
  const nonce = newNonce();
  const headers = securityHeaders({ nonce, production });
  const { pathname, search } = request.nextUrl;

  if (tooLarge(request)) {
    return withHeaders(NextResponse.json({ error: "Request body too large." }, { status: 413 }), headers);
  }
  const path = checkPath(pathname);
  if (!path.ok) {
    return withHeaders(NextResponse.json({ error: path.status === 404 ? "Not found." : "Malformed request." }, { status: path.status }), headers);
  }
  if (await badActionBody(request)) {
    return withHeaders(NextResponse.json({ error: "Malformed request." }, { status: 400 }), headers);
  }
  const signedOut = !request.cookies.has(SESSION_COOKIE);
  const isPage = !pathname.startsWith("/api/") && !request.headers.has("next-action");
  if (signedOut && isPage && !isPublicPath(pathname)) {
    const target = new URL("/sign-in", request.url);
    if (pathname !== "/") target.searchParams.set("next", `${pathname}${search}`);
    return withHeaders(NextResponse.redirect(target), headers);
  }
  // Next reads the nonce from the request's CSP header and puts it on its own script tags.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"] ?? "");
  requestHeaders.set("x-nonce", nonce);
  // A client-sent X-Forwarded-For must not become "the client's address" (see client-address.ts).
  separateForwardedFor(requestHeaders);
  return withHeaders(NextResponse.next({ request: { headers: requestHeaders } }), headers);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.svg|favicon.ico).*)"],
};
