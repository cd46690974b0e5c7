import { type NextRequest, NextResponse } from "next/server";
import { checkRequestBody } from "@/lib/auth/body-gate";
import { separateForwardedFor } from "@/lib/auth/client-address";
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

/**
 * The sign-in page on the request's own URL object. Next rewrites a proxy redirect to the request's
 * host as a relative Location (web/adapter), which is what keeps 127.0.0.1 vs localhost from dropping
 * the cookie; a relative Location cannot be returned here directly (Next parses it without a base).
 */
function signInUrl(current: URL, next: string | undefined): URL {
  const target = new URL(current.href);
  target.pathname = "/sign-in";
  target.search = "";
  if (next !== undefined) target.searchParams.set("next", next);
  return target;
}

function withHeaders(response: NextResponse, headers: Record<string, string>): NextResponse {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export async function proxy(request: NextRequest) {
  const nonce = newNonce();
  const headers = securityHeaders({ nonce, production });
  const { pathname, search } = request.nextUrl;

  const path = checkPath(pathname);
  if (!path.ok) {
    return withHeaders(
      NextResponse.json(
        { error: path.status === 404 ? "Not found." : "Malformed request." },
        { status: path.status },
      ),
      headers,
    );
  }
  const body = await checkRequestBody(request, bodyLimitFor(pathname));
  if (body === "too-large") {
    return withHeaders(NextResponse.json({ error: "Request body too large." }, { status: 413 }), headers);
  }
  if (body === "malformed") {
    return withHeaders(NextResponse.json({ error: "Malformed request." }, { status: 400 }), headers);
  }
  const signedOut = !request.cookies.has(SESSION_COOKIE);
  const isPage = !pathname.startsWith("/api/") && !request.headers.has("next-action");
  if (signedOut && isPage && !isPublicPath(pathname)) {
    return withHeaders(
      NextResponse.redirect(
        signInUrl(request.nextUrl, pathname === "/" ? undefined : `${pathname}${search}`),
      ),
      headers,
    );
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
